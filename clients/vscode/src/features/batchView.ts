import { BatchStates, BatchStatus, JobCounts } from '../protocol/types';

/**
 * How a batch job's provider batches show in the Jobs view: a short summary in the job's description, one line per batch
 * in its tooltip. Without VS Code (the words come in `labels`), so unit-tested in plain Node.
 */
export interface BatchLabels {
  /** A state of `BatchStates`, in the user's language. */
  state: (state: string) => string;
  /** "3 batches: {states}" */
  batches: (count: number, states: string) => string;
  /** "{completed}/{lines} answered" */
  answered: (completed: number, lines: number) => string;
  /** "{n} failed" */
  failed: (n: number) => string;
  /** "{n} submitted" (rows in provider batches, not yet folded) */
  submitted: (n: number) => string;
}

/** The states in the order a batch passes them, so a summary reads from the first to the last. */
const order: readonly string[] = Object.values(BatchStates);

/** "3 batches: 1 in progress, 2 folded"; empty for a job with no batch. */
export function batchSummary(batches: readonly BatchStatus[] | null | undefined, labels: BatchLabels): string {
  if (!batches || batches.length === 0) {
    return '';
  }
  const byState = new Map<string, number>();
  for (const b of batches) {
    byState.set(b.state, (byState.get(b.state) ?? 0) + 1);
  }
  const states = [...byState.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([state, n]) => `${n} ${labels.state(state)}`)
    .join(', ');
  return labels.batches(batches.length, states);
}

/** One line per batch: "#1 in progress · 120/500 answered, 3 failed · batch_abc", and the batch's error when it has one. */
export function batchLines(batches: readonly BatchStatus[] | null | undefined, labels: BatchLabels): string[] {
  return (batches ?? []).map((b) => {
    const parts = [`#${b.seq} ${labels.state(b.state)}`, labels.answered(b.completed, b.lines) + (b.failed > 0 ? ', ' + labels.failed(b.failed) : '')];
    if (b.batchId) {
      parts.push(b.batchId);
    }
    if (b.error) {
      parts.push(b.error);
    }
    return parts.join(' · ');
  });
}

/** The rows in provider batches, for the job's description: "· 1,200 submitted", or empty. */
export function submittedText(counts: Pick<JobCounts, 'submitted'>, labels: Pick<BatchLabels, 'submitted'>): string {
  return (counts.submitted ?? 0) > 0 ? labels.submitted(counts.submitted ?? 0) : '';
}

function rank(state: string): number {
  const i = order.indexOf(state);
  return i < 0 ? order.length : i;
}
