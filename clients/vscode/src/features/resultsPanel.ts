import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import { DaemonManager } from '../daemon/manager';
import { isFinished, JobInfo } from '../protocol/types';
import { finishedRows, formatDuration, formatRate } from '../util/format';
import { jobTitle, stateLabel } from './jobsView';
import { JobStore } from './jobStore';
import { resultsHtml } from './resultsHtml';
import { ResultsLedger } from './resultsLedger';
import { ResultRow, ResultsFilter, ResultsModel } from './resultsModel';
import { ImageLabels, isInside, viewTurns } from './turnView';

/**
 * One job's results beside the dataset: a table fed by job/rowCompleted and job/token (the answers of rows in
 * flight stream in live), filterable to failed rows. Opened on a job with rows already finished it reads them from the
 * daemon's ledger (getRows), whatever the output format: every failed and skipped row, and the first answers. The
 * question beside each row is its prompt as sent, from the ledger too (a template rendered, the column the job used).
 */
class ResultsPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private readonly model: ResultsModel;
  /** Folders the webview may read images from: the dataset's and the workspace's. */
  private readonly imageRoots: string[];
  private readonly imageLabels: ImageLabels = {
    notShown: (reference) => vscode.l10n.t('image outside the dataset\'s folder, not shown: {0}', reference),
    inline: (mediaType, kilobytes) => vscode.l10n.t('inline image ({0}, {1} KB), not shown', mediaType, kilobytes),
  };
  private readonly ledger: ResultsLedger;
  private readonly disposables: vscode.Disposable[] = [];
  private flushTimer?: NodeJS.Timeout;
  private ready = false;

  constructor(
    private readonly jobId: string,
    job: JobInfo | undefined,
    private readonly daemon: DaemonManager,
    private readonly store: JobStore,
    column: vscode.ViewColumn,
    onDispose: () => void,
  ) {
    const datasetDir = job ? path.dirname(job.input) : '.';
    this.model = new ResultsModel(2000, datasetDir, (n) => vscode.l10n.t('sample {0}', n));
    this.imageRoots = [datasetDir, ...(vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath)];
    this.ledger = new ResultsLedger(jobId, this.model, () => daemon.client(), () => this.scheduleFlush());
    // A generate job's rows are its questions, which job/questionAccepted carries.
    const answers = (job?.kind ?? 'answer') === 'answer';
    const title = vscode.l10n.t('Results: {0}', job ? jobTitle(job) : jobId);
    this.panel = vscode.window.createWebviewPanel('batchai.results', title, { viewColumn: column, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      // Local images are shown from these folders only; http(s) images are links, never loaded (see resultsHtml).
      localResourceRoots: job ? this.imageRoots.map((f) => vscode.Uri.file(f)) : [],
    });
    this.panel.webview.html = resultsHtml(this.panel.webview.cspSource, title, {
      all: vscode.l10n.t('All rows'),
      failed: vscode.l10n.t('Failed'),
      streaming: vscode.l10n.t('In flight'),
      filter: vscode.l10n.t('Show'),
      row: '#',
      question: vscode.l10n.t('Question'),
      answer: vscode.l10n.t('Answer'),
      status: vscode.l10n.t('Status'),
      empty: vscode.l10n.t('No answers yet.'),
      done: vscode.l10n.t('answered'),
      system: vscode.l10n.t('system'),
      user: vscode.l10n.t('user'),
      assistant: vscode.l10n.t('assistant'),
      newAnswer: vscode.l10n.t('assistant (new answer)'),
      score: vscode.l10n.t('score'),
      batch: vscode.l10n.t('batch'),
    });
    this.disposables.push(
      this.panel.onDidDispose(() => {
        onDispose();
        this.dispose();
      }),
      this.panel.webview.onDidReceiveMessage((m: { type: string }) => {
        if (m.type === 'ready') {
          this.ready = true;
          void this.panel.webview.postMessage({ type: 'reset', rows: this.model.all().map((r) => this.toView(r)) });
          this.model.takeChanges();
          this.model.takeRemoved();
          this.postSummary();
        }
      }),
      daemon.onToken((t) => t.jobId === jobId && (this.model.applyToken(t), answers && this.ledger.want(t.row), this.scheduleFlush())),
      daemon.onRowCompleted((r) => r.jobId === jobId && (this.model.applyRowCompleted(r), answers && this.ledger.want(r.row), this.scheduleFlush())),
      daemon.onQuestionAccepted((q) => q.jobId === jobId && (this.model.applyQuestionAccepted(q), this.scheduleFlush())),
      daemon.onDidConnect(() => this.subscribe()), // token subscriptions belong to a connection
    );
    const storeSubscription = store.onDidChange(() => this.scheduleFlush());
    this.disposables.push({ dispose: () => storeSubscription.dispose() });
    void this.fill(job);
  }

  filter(filter: ResultsFilter): void {
    void this.panel.webview.postMessage({ type: 'filter', filter });
  }

  private async fill(job: JobInfo | undefined): Promise<void> {
    await this.subscribe();
    if (!job) {
      return;
    }
    if (await this.ledger.readFinished()) {
      this.scheduleFlush();
      return;
    }
    // A daemon from before getRows: answers from its JSONL output, and questions from a preview of the input, which
    // shows the detected column (not a template, nor another column the job was started with).
    if (finishedRows(job.counts) > 0 && job.format === 'jsonl' && fs.existsSync(job.output)) {
      await this.readOutput(job.output);
    }
    if ((job.kind ?? 'answer') === 'answer') {
      try {
        const client = await this.daemon.client();
        const preview = await client.previewDataset({ input: job.input, rows: 1000 });
        this.model.setQuestions(new Map(preview.rows.map((r) => [r.index, r.cleaned])));
      } catch {
        // The input may be gone after the job finished; the answers still show.
      }
    }
    this.scheduleFlush();
  }

  private async readOutput(file: string): Promise<void> {
    const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8') });
    for await (const line of lines) {
      if (line.trim().length === 0) {
        continue;
      }
      try {
        this.model.applyOutputRecord(JSON.parse(line));
      } catch {
        // A half-written last line while the daemon rewrites the file: it comes back with the next write.
      }
    }
  }

  private async subscribe(): Promise<void> {
    const job = this.store.get(this.jobId);
    if (job && isFinished(job.state)) {
      return;
    }
    try {
      await (await this.daemon.client()).subscribeTokens(this.jobId, true);
    } catch {
      // A job that finished meanwhile refuses nothing, but a closed connection does; the next connect retries.
    }
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.ready) {
        return;
      }
      const removed = this.model.takeRemoved();
      if (removed.length > 0) {
        void this.panel.webview.postMessage({ type: 'remove', rows: removed });
      }
      const rows = this.model.takeChanges();
      if (rows.length > 0) {
        void this.panel.webview.postMessage({ type: 'rows', rows: rows.map((r) => this.toView(r)) });
      }
      this.postSummary();
    }, 150);
  }

  /** A row as the webview gets it: a conversation's images as webview URIs or links, never their bytes. */
  private toView(row: ResultRow): object {
    if (!row.turns) {
      return row;
    }
    const webview = this.panel.webview;
    const uri = (file: string) => (isInside(file, this.imageRoots) ? webview.asWebviewUri(vscode.Uri.file(file)).toString() : undefined);
    return { ...row, turns: viewTurns(row.turns, uri, this.imageLabels) };
  }

  private postSummary(): void {
    const job = this.store.get(this.jobId);
    if (!job) {
      return;
    }
    const c = job.counts;
    let text = `${jobTitle(job)} · ${stateLabel(job.state)} · ${vscode.l10n.t('{0} done, {1} failed, {2} skipped of {3}', c.done, c.failed, c.skipped, c.total)}`;
    if (job.state === 'running') {
      text += ' · ' + vscode.l10n.t('{0} rows/s, {1} left', formatRate(c.rowsPerSecond), formatDuration(c.etaSeconds));
    }
    const shown = this.model.counts().done;
    if (this.model.trimmed > 0) {
      text += ' · ' + vscode.l10n.t('showing the latest {0} answers; all are in the output file', this.model.maxDoneRows);
    } else if (c.done > shown) {
      text += ' · ' + vscode.l10n.t('showing {0} of {1} answers; all are in the output file', shown, c.done);
    }
    void this.panel.webview.postMessage({ type: 'summary', text });
  }

  dispose(): void {
    clearTimeout(this.flushTimer);
    const job = this.store.get(this.jobId);
    if (job && !isFinished(job.state) && this.daemon.isConnected) {
      void this.daemon.client().then((c) => c.subscribeTokens(this.jobId, false)).catch(() => undefined);
    }
    vscode.Disposable.from(...this.disposables).dispose();
    this.disposables.length = 0;
  }
}

export class ResultsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ResultsPanel>();

  constructor(
    private readonly daemon: DaemonManager,
    private readonly store: JobStore,
  ) {}

  /** Shows the job's results beside the active editor (the dataset); returns the column it is in. */
  show(jobId: string, filter?: ResultsFilter): vscode.ViewColumn | undefined {
    let panel = this.panels.get(jobId);
    if (panel) {
      panel.panel.reveal(undefined, true);
    } else {
      panel = new ResultsPanel(jobId, this.store.get(jobId), this.daemon, this.store, vscode.ViewColumn.Beside, () => this.panels.delete(jobId));
      this.panels.set(jobId, panel);
    }
    if (filter) {
      panel.filter(filter);
    }
    return panel.panel.viewColumn;
  }

  columnOf(jobId: string): vscode.ViewColumn | undefined {
    return this.panels.get(jobId)?.panel.viewColumn;
  }

  dispose(): void {
    for (const panel of this.panels.values()) {
      panel.panel.dispose();
    }
    this.panels.clear();
  }
}
