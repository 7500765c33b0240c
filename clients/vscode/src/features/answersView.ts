import { RowAnswer } from '../protocol/types';

/**
 * A row's several answers (samples, models) as the results view shows them side by side: each with its model and sample,
 * its text (or why it failed), and the judge's score and reason once judged. Without VS Code, so unit-tested in plain Node.
 */
export interface AnswerView {
  slot: number;
  model: string;
  /** From 1, as a person counts. */
  sample: number;
  state: 'pending' | 'done' | 'failed';
  /** The answer, or why it failed. */
  text: string;
  score?: number;
  reason?: string;
  /** The highest score of the row's judged answers (every answer that has it, when tied). */
  best?: boolean;
}

/** The answers in slot order; undefined for a row with one plain answer (nothing to show beside it). */
export function answerViews(answers: readonly RowAnswer[] | null | undefined): AnswerView[] | undefined {
  if (!answers || answers.length === 0) {
    return undefined;
  }
  const views = [...answers]
    .sort((a, b) => a.slot - b.slot)
    .map<AnswerView>((a) => {
      const state = a.state === 'done' ? 'done' : a.state === 'failed' ? 'failed' : 'pending';
      const view: AnswerView = { slot: a.slot, model: a.model, sample: a.sample + 1, state, text: state === 'failed' ? (a.error ?? '') : (a.answer ?? '') };
      if (a.score != null) {
        view.score = a.score;
      }
      if (a.scoreReason) {
        view.reason = a.scoreReason;
      }
      return view;
    });
  const scored = views.filter((v) => v.score !== undefined);
  if (scored.length > 1) {
    const top = Math.max(...scored.map((v) => v.score!));
    if (scored.some((v) => v.score! < top)) {
      for (const v of scored) {
        if (v.score === top) {
          v.best = true;
        }
      }
    }
  }
  return views;
}

/** A card's heading: the model, and which of its samples when it has several. */
export function answerHeading(view: AnswerView, samplesOfModel: number, sampleLabel: (n: number) => string): string {
  return samplesOfModel > 1 ? `${view.model} · ${sampleLabel(view.sample)}` : view.model;
}

/** How many samples each model has among the views, for answerHeading. */
export function samplesPerModel(views: readonly AnswerView[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of views) {
    counts.set(v.model, (counts.get(v.model) ?? 0) + 1);
  }
  return counts;
}
