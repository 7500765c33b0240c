import { GetRowsParams, GetRowsResult, RowState } from '../protocol/types';
import { ResultsModel } from './resultsModel';

/** What this needs of the client: getRows only, so a test can hand it the real client or a stub. */
export interface RowsSource {
  getRows(params: GetRowsParams): Promise<GetRowsResult>;
}

/** The most rows one getRows returns (the protocol's limit). */
const pageLimit = 1000;

/**
 * What a job's results view reads from the daemon's ledger (getRows), whatever the output format: the rows finished or
 * in flight when it opens, then the prompt of each row that arrives later by notification. job/token and
 * job/rowCompleted carry no prompt, and the input alone cannot say which column or template the job used (a preview of
 * it shows the detected column), so the prompt as sent comes from the ledger too. No VS Code here: tested in Node.
 */
export class ResultsLedger {
  private readonly wanted = new Set<number>();
  private fetching?: Promise<void>;
  /** False once getRows failed: a daemon from before it, whose view is filled from its output file instead. */
  private readable = true;

  constructor(
    private readonly jobId: string,
    private readonly model: ResultsModel,
    private readonly client: () => Promise<RowsSource>,
    private readonly onPrompts: () => void = () => undefined,
  ) {}

  /** Failed and skipped rows (up to 10,000), answers from the first row up to what the view keeps, rows in flight. */
  async readFinished(): Promise<boolean> {
    try {
      const client = await this.client();
      for (const state of ['failed', 'skipped'] as const) {
        await this.readPages(client, state, 10_000);
      }
      await this.readPages(client, 'done', this.model.maxDoneRows);
      // Rows in flight now: their prompts as sent, so the streaming text has its question beside it.
      await this.readPages(client, 'inFlight', 2_000);
      return true;
    } catch {
      this.readable = false;
      return false;
    }
  }

  /** A row arrived by notification: read its prompt, with those of the other rows waiting, unless it is known. */
  want(row: number): void {
    if (!this.readable || this.model.hasPrompt(row)) {
      return;
    }
    this.wanted.add(row);
    this.fetching ??= this.fetchWanted().finally(() => (this.fetching = undefined));
  }

  /** Resolves when every prompt asked for so far has been read (or could not be). */
  async idle(): Promise<void> {
    while (this.fetching) {
      await this.fetching;
    }
  }

  private async readPages(client: RowsSource, state: RowState, most: number): Promise<void> {
    let from: number | null = 0;
    let read = 0;
    while (from !== null && read < most) {
      const page: GetRowsResult = await client.getRows({ jobId: this.jobId, state, from, limit: Math.min(pageLimit, most - read) });
      page.rows.forEach((r) => this.model.applyLedgerRow(r));
      read += page.rows.length;
      from = page.next ?? null;
    }
  }

  /** One getRows per span of up to 1,000 rows: rows in flight are close together, so usually one call for all. */
  private async fetchWanted(): Promise<void> {
    try {
      while (this.wanted.size > 0) {
        // Rows that arrive while the client is fetched (or a page read) go with this call (or the next).
        const client = await this.client();
        const rows = [...this.wanted].sort((a, b) => a - b);
        this.wanted.clear();
        for (let i = 0; i < rows.length; ) {
          const from = rows[i];
          const span = new Set<number>();
          for (; i < rows.length && rows[i] < from + pageLimit; i++) {
            span.add(rows[i]);
          }
          const page = await client.getRows({ jobId: this.jobId, from, limit: Math.min(pageLimit, rows[i - 1] - from + 1) });
          page.rows.filter((r) => span.has(r.row)).forEach((r) => this.model.applyPrompt(r.row, r.prompt));
        }
        this.onPrompts();
      }
    } catch {
      // The connection closed or the job is gone: those rows keep no question; rows arriving later ask again.
      this.wanted.clear();
    }
  }
}
