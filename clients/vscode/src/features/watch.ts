import * as path from 'node:path';
import * as vscode from 'vscode';
import { DaemonManager } from '../daemon/manager';
import { isFinished, JobInfo, JobState } from '../protocol/types';
import { finishedRows, formatDuration, formatRate, percent } from '../util/format';
import { jobTitle, outageText } from './jobsView';
import { JobStore } from './jobStore';
import { ResultsPanels } from './resultsPanel';
import { readSettings } from './settings';

/** The formats an editor opens as text; a workbook, a Parquet file or an hf-dataset folder is revealed instead. */
export const textFormats = new Set(['jsonl', 'json', 'csv', 'openai-chat', 'alpaca', 'sharegpt']);

/**
 * Follows a job started (or resumed) from this window: a progress notification with rows, rate and ETA whose
 * Cancel cancels the job, the results beside the dataset, and the output file opened beside it when done.
 */
export class JobWatcher implements vscode.Disposable {
  private readonly watching = new Set<string>();

  constructor(
    private readonly daemon: DaemonManager,
    private readonly store: JobStore,
    private readonly results: ResultsPanels,
    private readonly onError: (e: unknown) => void,
  ) {}

  async watch(job: JobInfo, options: { showResults?: boolean } = {}): Promise<void> {
    this.store.upsert(job);
    if (options.showResults !== false) {
      this.results.show(job.jobId);
    }
    if (this.watching.has(job.jobId)) {
      return;
    }
    this.watching.add(job.jobId);
    try {
      const last = await this.progress(job);
      if (last) {
        // The last notification may predate the final counts: ask once more.
        const final = await this.daemon.client().then((c) => c.getJob(job.jobId), () => last);
        this.store.upsert(final);
        await this.finished(final);
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.watching.delete(job.jobId);
    }
  }

  private progress(job: JobInfo): Thenable<JobInfo | undefined> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('BatchAI: {0}', jobTitle(job)), cancellable: true },
      (progress, token) =>
        new Promise<JobInfo | undefined>((resolve) => {
          let reported = 0;
          const update = (current: JobInfo) => {
            const c = current.counts;
            const pct = percent(c);
            const rows = vscode.l10n.t('{0}/{1} rows', finishedRows(c), c.totalKnown ? c.total : `${c.total}+`);
            const message =
              current.state === 'running' || current.state === 'queued'
                ? `${rows} · ${vscode.l10n.t('{0} rows/s, {1} left', formatRate(c.rowsPerSecond), formatDuration(c.etaSeconds))}` +
                  (c.failed > 0 ? ' · ' + vscode.l10n.t('{0} failed', c.failed) : '')
                : current.state === 'providerUnavailable' && current.outage
                  ? `${rows} · ${outageText(current.outage)}`
                  : `${rows} · ${stateText(current.state)}`;
            const increment = pct === undefined ? undefined : Math.max(0, pct - reported);
            reported = pct ?? reported;
            progress.report({ message, increment });
          };
          const done = (result: JobInfo | undefined) => {
            subscription.dispose();
            cancel.dispose();
            resolve(result);
          };
          const subscription = this.store.onDidChange(() => {
            const current = this.store.get(job.jobId);
            if (!current) {
              return;
            }
            update(current);
            // A paused or interrupted job leaves the notification: it is steered from the Jobs view from here on.
            if (isFinished(current.state) || current.state === 'paused' || current.state === 'interrupted') {
              done(current);
            }
          });
          const cancel = token.onCancellationRequested(() => {
            this.daemon
              .client()
              .then((c) => c.cancelJob(job.jobId))
              .then((j) => this.store.upsert(j), this.onError);
          });
          update(job);
          if (isFinished(job.state)) {
            done(job);
          }
        }),
    );
  }

  private async finished(job: JobInfo): Promise<void> {
    if (job.state === 'completed') {
      const c = job.counts;
      if (readSettings().openOutputWhenDone && textFormats.has(job.format)) {
        await this.openOutput(job);
      }
      const showFailed = vscode.l10n.t('Show Failed Rows');
      const retry = vscode.l10n.t('Retry Failed');
      const buttons = c.failed > 0 ? [showFailed, retry] : [];
      // A generate job's rows are the questions it accepted: none is answered, failed or skipped.
      const message =
        (job.kind ?? 'answer') === 'generate'
          ? vscode.l10n.t('{0}: {1} questions. Written to {2}.', jobTitle(job), c.done, path.basename(job.output))
          : vscode.l10n.t('{0}: {1} answered, {2} failed, {3} skipped. Written to {4}.', jobTitle(job), c.done, c.failed, c.skipped, path.basename(job.output));
      const choice = await vscode.window.showInformationMessage(message, ...buttons);
      if (choice === showFailed) {
        this.results.show(job.jobId, 'failed');
      } else if (choice === retry) {
        await vscode.commands.executeCommand('batchai.retryFailed', job);
      }
    } else if (job.state === 'failed') {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed: {1}', jobTitle(job), job.lastError ?? ''));
    } else if (job.state === 'paused' && job.lastError) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} paused: {1}', jobTitle(job), job.lastError));
    }
  }

  /** Opens the daemon's output file in the results' column, beside the dataset. */
  async openOutput(job: JobInfo): Promise<void> {
    const column = this.results.columnOf(job.jobId) ?? vscode.ViewColumn.Beside;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(job.output));
    await vscode.window.showTextDocument(document, { viewColumn: column, preview: false, preserveFocus: true });
  }

  dispose(): void {
    this.watching.clear();
  }
}

function stateText(state: JobState): string {
  switch (state) {
    case 'paused':
      return vscode.l10n.t('paused');
    case 'completed':
      return vscode.l10n.t('completed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'interrupted':
      return vscode.l10n.t('interrupted');
    case 'providerUnavailable':
      return vscode.l10n.t('provider unavailable');
    default:
      return vscode.l10n.t('running');
  }
}
