import { JobRow, JobRowCompleted, JobToken, RowAnswer } from '../protocol/types';
import { answerHeading, AnswerView, answerViews, samplesPerModel } from './answersView';
import { conversationOf, lastUserText, parseConversation, Turn } from './conversation';

export type RowStatus = 'streaming' | 'done' | 'failed';

export interface ResultRow {
  row: number;
  /** The prompt as sent; for a conversation, its last user turn (the whole is in `turns`). */
  question?: string;
  /** A conversation or image row's messages as sent, the answer to come after them as the next assistant turn. */
  turns?: Turn[];
  answer: string;
  reasoning: string;
  status: RowStatus;
  error?: string;
  finishReason?: string;
  attempts?: number;
  completionTokens?: number;
  /** A row with several answers (samples, models) or a judge: each, side by side, with its score. */
  answers?: (AnswerView & { heading: string })[];
  /** The provider's batch the row is in or was answered by. */
  batch?: string;
}

export type ResultsFilter = 'all' | 'failed' | 'streaming';

/**
 * The rows of one job's results view: streamed text appended per row (dropped on a reset, when an attempt
 * is retried), replaced by the final answer or error when the row completes. Pure, so tested in Node.
 */
export class ResultsModel {
  private readonly rows = new Map<number, ResultRow>();
  private readonly dirty = new Set<number>();
  private readonly removed = new Set<number>();
  private readonly questions = new Map<number, Prompt>();
  /** Answered rows in the order they finished, so the oldest leave first when the view is full. */
  private readonly doneOrder: number[] = [];

  /**
   * A million-row job must not hold a million answers in the window: the view keeps every failed and
   * in-flight row and the latest `maxDoneRows` answers. The output file has them all.
   */
  constructor(
    readonly maxDoneRows = 2000,
    /** The dataset's folder: an image's relative path is relative to it. */
    private readonly datasetDir = '.',
    /** "sample 2": how a model's sample is named above its answer. */
    private readonly sampleLabel: (n: number) => string = (n) => `#${n}`,
  ) {}

  /** Questions from a preview of the input; a row's prompt from the ledger (as sent, a template rendered) is kept. */
  setQuestions(questions: Map<number, string>): void {
    for (const [row, text] of questions) {
      if (this.questions.has(row)) {
        continue;
      }
      const prompt = this.prompt(text);
      this.questions.set(row, prompt);
      const existing = this.rows.get(row);
      if (existing) {
        assignPrompt(existing, prompt);
        this.dirty.add(row);
      }
    }
  }

  /** Whether the row's question is known: from the ledger (as sent), or from a preview of the input (an older daemon). */
  hasPrompt(row: number): boolean {
    return this.questions.has(row);
  }

  /**
   * A row's prompt as sent, read from the ledger after the row arrived by notification (which carries none): it replaces
   * whatever was shown. A row no longer in the view is not kept, so a long job does not keep every prompt.
   */
  applyPrompt(index: number, prompt: string): void {
    const row = this.rows.get(index);
    if (!row) {
      return;
    }
    const parsed = this.prompt(prompt);
    this.questions.set(index, parsed);
    assignPrompt(row, parsed);
    this.dirty.add(index);
  }

  applyToken(token: JobToken): void {
    const row = this.ensure(token.row);
    if (row.status !== 'streaming') {
      return; // a late delta after the row completed: the completion is the truth
    }
    if (token.reset) {
      row.answer = '';
      row.reasoning = '';
    }
    if (token.reasoning) {
      row.reasoning += token.text;
    } else {
      row.answer += token.text;
    }
    this.dirty.add(row.row);
  }

  applyRowCompleted(done: JobRowCompleted): void {
    const row = this.ensure(done.row);
    this.finish(row, done.succeeded, { ...done, answer: done.answer ?? (done.succeeded ? row.answer : '') });
  }

  /** A row's end, from a notification or the ledger: its final answer or error replaces what streamed. */
  private finish(
    row: ResultRow,
    succeeded: boolean,
    end: {
      answer?: string | null;
      error?: string | null;
      finishReason?: string | null;
      attempts: number;
      completionTokens?: number | null;
      answers?: RowAnswer[] | null;
      batch?: string | null;
    },
  ): void {
    row.status = succeeded ? 'done' : 'failed';
    this.assignAnswers(row, end.answers);
    if (end.batch) {
      row.batch = end.batch;
    }
    row.answer = end.answer ?? '';
    row.error = end.error ?? undefined;
    row.finishReason = end.finishReason ?? undefined;
    row.attempts = end.attempts;
    row.completionTokens = end.completionTokens ?? undefined;
    this.dirty.add(row.row);
    if (succeeded) {
      this.markDone(row.row);
    }
  }

  /** A question a generate job accepted: its rows are questions, with no answer. */
  applyQuestionAccepted(accepted: { index: number; question: string }): void {
    const row = this.ensure(accepted.index);
    row.question = accepted.question;
    row.status = 'done';
    this.dirty.add(row.row);
    this.markDone(row.row);
  }

  /**
   * A row read from the ledger (getRows): how a view opened on a job that has rows finished is filled, in any output
   * format. The prompt is the one sent (a template rendered). Pending rows, and rows submitted in a provider's batch (no
   * stream to show until the batch is folded), are not shown; skipped rows show as failed, with their reason, as in the
   * output file.
   */
  applyLedgerRow(ledger: JobRow): void {
    if (ledger.state === 'pending' || ledger.state === 'submitted') {
      return;
    }
    const existing = this.rows.get(ledger.row);
    if (ledger.state === 'inFlight' && existing && existing.status !== 'streaming') {
      return; // a notification already completed it: the newer news wins
    }
    const row = this.ensure(ledger.row);
    const prompt = this.prompt(ledger.prompt);
    assignPrompt(row, prompt);
    this.questions.set(ledger.row, prompt);
    if (ledger.state === 'inFlight') {
      this.dirty.add(row.row);
      return;
    }
    row.reasoning = ledger.reasoning ?? '';
    this.finish(row, ledger.state === 'done', ledger);
  }

  /** A record of the job's output file (JSONL): how a view opened on a finished or paused job is filled. */
  applyOutputRecord(record: { index: number; question?: string; messages?: unknown; answer?: string | null; error?: string | null; finishReason?: string | null }): void {
    const row = this.ensure(record.index);
    row.question = record.question ?? row.question;
    const turns = conversationOf(record.messages, this.datasetDir);
    if (turns) {
      row.turns = turns;
    }
    row.answer = record.answer ?? '';
    row.error = record.error ?? undefined;
    row.finishReason = record.finishReason ?? undefined;
    row.status = record.error ? 'failed' : 'done';
    this.dirty.add(row.row);
    if (row.status === 'done') {
      this.markDone(row.row);
    }
  }

  /** Rows dropped from the view since the last call (the oldest answers past `maxDoneRows`). */
  takeRemoved(): number[] {
    const removed = [...this.removed];
    this.removed.clear();
    return removed;
  }

  /** How many answered rows left the view to keep it bounded. */
  get trimmed(): number {
    return this.trimmedCount;
  }

  private trimmedCount = 0;

  private readonly counted = new Set<number>();

  private markDone(index: number): void {
    if (this.counted.has(index)) {
      return;
    }
    this.counted.add(index);
    this.doneOrder.push(index);
    while (this.doneOrder.length > this.maxDoneRows) {
      const oldest = this.doneOrder.shift()!;
      this.counted.delete(oldest);
      if (this.rows.get(oldest)?.status === 'done') {
        this.rows.delete(oldest);
        this.questions.delete(oldest); // every row's prompt is read from the ledger as it arrives: keep only the shown
        this.dirty.delete(oldest);
        this.removed.add(oldest);
        this.trimmedCount++;
      }
    }
  }

  /** Rows changed since the last call, in row order. */
  takeChanges(): ResultRow[] {
    const changed = [...this.dirty].sort((a, b) => a - b).map((r) => ({ ...this.rows.get(r)! }));
    this.dirty.clear();
    return changed;
  }

  all(filter: ResultsFilter = 'all'): ResultRow[] {
    return [...this.rows.values()].filter((r) => filter === 'all' || r.status === filter).sort((a, b) => a.row - b.row);
  }

  counts(): Record<RowStatus, number> {
    const counts: Record<RowStatus, number> = { streaming: 0, done: 0, failed: 0 };
    for (const row of this.rows.values()) {
      counts[row.status]++;
    }
    return counts;
  }

  private assignAnswers(row: ResultRow, answers: RowAnswer[] | null | undefined): void {
    const views = answerViews(answers);
    if (!views) {
      return; // a notification without them (an older daemon) keeps what the ledger gave
    }
    const perModel = samplesPerModel(views);
    row.answers = views.map((v) => ({ ...v, heading: answerHeading(v, perModel.get(v.model) ?? 1, this.sampleLabel) }));
  }

  /** A prompt as the view keeps it: a conversation's JSON is parsed once, and not kept besides its turns. */
  private prompt(text: string): Prompt {
    const turns = parseConversation(text, this.datasetDir);
    return turns ? { question: lastUserText(turns), turns } : { question: text };
  }

  private ensure(index: number): ResultRow {
    let row = this.rows.get(index);
    if (!row) {
      row = { row: index, ...this.questions.get(index), answer: '', reasoning: '', status: 'streaming' };
      this.rows.set(index, row);
    }
    return row;
  }
}

interface Prompt {
  question: string;
  turns?: Turn[];
}

function assignPrompt(row: ResultRow, prompt: Prompt): void {
  row.question = prompt.question;
  if (prompt.turns) {
    row.turns = prompt.turns;
  } else {
    delete row.turns;
  }
}
