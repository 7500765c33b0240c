import * as path from 'node:path';
import * as vscode from 'vscode';
import { DaemonManager } from '../daemon/manager';
import { JobInfo, JobState, ProviderOutage } from '../protocol/types';
import { finishedRows, formatDuration, formatRate } from '../util/format';
import { batchLines, BatchLabels, batchSummary, submittedText } from './batchView';
import { JobStore } from './jobStore';

const icons: Record<JobState, string> = {
  queued: 'clock',
  running: 'sync~spin',
  providerUnavailable: 'debug-disconnect',
  paused: 'debug-pause',
  completed: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  interrupted: 'warning',
};

export function stateLabel(state: JobState): string {
  switch (state) {
    case 'queued':
      return vscode.l10n.t('queued');
    case 'running':
      return vscode.l10n.t('running');
    case 'providerUnavailable':
      return vscode.l10n.t('provider unavailable');
    case 'paused':
      return vscode.l10n.t('paused');
    case 'completed':
      return vscode.l10n.t('completed');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
    case 'interrupted':
      return vscode.l10n.t('interrupted');
  }
}

/** What a job waiting through a provider outage shows: which endpoint, its last error, when the next probe goes. */
export function outageText(outage: ProviderOutage): string {
  return vscode.l10n.t(
    'The provider is unavailable ({0}: {1}). No row fails for it; the next probe goes at {2}, and the job goes on by itself when it answers.',
    outage.endpoint,
    outage.lastError,
    new Date(outage.nextProbeAt).toLocaleTimeString(),
  );
}

/** A provider batch's state (`BatchStates`), in the user's language; a state this client does not know, as the daemon says it. */
export function batchStateLabel(state: string): string {
  switch (state) {
    case 'written':
      return vscode.l10n.t('written');
    case 'uploaded':
      return vscode.l10n.t('uploaded');
    case 'validating':
      return vscode.l10n.t('validating');
    case 'in_progress':
      return vscode.l10n.t('in progress');
    case 'finalizing':
      return vscode.l10n.t('finalizing');
    case 'ended':
      return vscode.l10n.t('ended');
    case 'cancelling':
      return vscode.l10n.t('cancelling');
    case 'folded':
      return vscode.l10n.t('folded');
    case 'failed':
      return vscode.l10n.t('failed');
    default:
      return state;
  }
}

export function batchLabels(): BatchLabels {
  return {
    state: batchStateLabel,
    batches: (count, states) => vscode.l10n.t('{0} batches: {1}', count, states),
    answered: (completed, lines) => vscode.l10n.t('{0}/{1} answered', completed, lines),
    failed: (n) => vscode.l10n.t('{0} failed', n),
    submitted: (n) => vscode.l10n.t('{0} submitted', n),
  };
}

export function jobTitle(job: JobInfo): string {
  return job.kind === 'generate' ? vscode.l10n.t('Generate: {0}', path.basename(job.output)) : path.basename(job.input);
}

/** A job's place in the tree: one object per job for as long as the job is listed. */
export interface JobNode {
  readonly jobId: string;
}

/**
 * The tree of every job of the daemon; item context values drive the inline pause/resume/cancel/retry actions.
 * Its elements are stable {@link JobNode}s, and a change to jobs already shown repaints those items only: a refresh of
 * the whole tree drops VS Code's handles to the old elements for a moment, and an inline action clicked in that
 * moment arrived with no job (and asked "Which job?").
 */
export class JobsTreeProvider implements vscode.TreeDataProvider<JobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, JobNode>();
  private shown: string[] = [];
  private pending?: NodeJS.Timeout;
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: JobStore) {
    // Progress arrives several times a second per job; one repaint per 250 ms is plenty.
    this.subscription = store.onDidChange(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        const ids = this.store.list().map((j) => j.jobId);
        const sameJobs = ids.length === this.shown.length && ids.every((id, i) => id === this.shown[i]);
        this.changed.fire(sameJobs ? [...this.nodes.values()] : undefined);
      }, 250);
    });
  }

  getChildren(element?: JobNode): JobNode[] {
    if (element) {
      return [];
    }
    const jobs = this.store.list();
    this.shown = jobs.map((j) => j.jobId);
    for (const id of [...this.nodes.keys()]) {
      if (!this.shown.includes(id)) {
        this.nodes.delete(id);
      }
    }
    return this.shown.map((id) => this.node(id));
  }

  getTreeItem(node: JobNode): vscode.TreeItem {
    const job = this.store.get(node.jobId);
    return job ? this.itemFor(job) : new vscode.TreeItem(node.jobId);
  }

  private node(jobId: string): JobNode {
    let node = this.nodes.get(jobId);
    if (!node) {
      node = { jobId };
      this.nodes.set(jobId, node);
    }
    return node;
  }

  private itemFor(job: JobInfo): vscode.TreeItem {
    const item = new vscode.TreeItem(jobTitle(job), vscode.TreeItemCollapsibleState.None);
    const c = job.counts;
    const total = c.totalKnown ? String(c.total) : `${c.total}+`;
    item.id = job.jobId;
    const labels = batchLabels();
    item.description = [
      `${stateLabel(job.state)} · ${finishedRows(c)}/${total}`,
      c.failed > 0 ? vscode.l10n.t('{0} failed', c.failed) : '',
      submittedText(c, labels),
      batchSummary(job.batches, labels),
    ]
      .filter((s) => s.length > 0)
      .join(' · ');
    item.iconPath = new vscode.ThemeIcon(icons[job.state] ?? 'circle-outline');
    item.contextValue = `batchaiJob state:${job.state} failed:${c.failed} kind:${job.kind ?? 'answer'}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${jobTitle(job)}** \`${job.jobId}\`\n\n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('State')}: ${stateLabel(job.state)}  \n`);
    tooltip.appendMarkdown(`${vscode.l10n.t('Model')}: ${job.model} @ ${job.baseUrl}  \n`);
    tooltip.appendMarkdown(
      `${vscode.l10n.t('Rows')}: ${vscode.l10n.t('{0} done, {1} failed, {2} skipped, {3} in flight of {4}', c.done, c.failed, c.skipped, c.inFlight, total)}  \n`,
    );
    if ((c.submitted ?? 0) > 0) {
      tooltip.appendMarkdown(`${vscode.l10n.t('{0} in provider batches', c.submitted ?? 0)}  \n`);
    }
    if ((c.byBatch ?? 0) > 0) {
      tooltip.appendMarkdown(`${vscode.l10n.t('{0} answered by provider batches, at batch prices', c.byBatch ?? 0)}  \n`);
    }
    for (const line of batchLines(job.batches, labels)) {
      tooltip.appendText(line);
      tooltip.appendMarkdown('  \n');
    }
    if (job.state === 'running') {
      tooltip.appendMarkdown(`${vscode.l10n.t('{0} rows/s, {1} left', formatRate(c.rowsPerSecond), formatDuration(c.etaSeconds))}  \n`);
    }
    if (job.state === 'providerUnavailable' && job.outage) {
      tooltip.appendMarkdown(`${outageText(job.outage)}  \n`);
    }
    if (c.cost != null && c.currency) {
      tooltip.appendMarkdown(`${vscode.l10n.t('Cost so far')}: ${c.cost} ${c.currency}${job.budgetReached ? ' · ' + vscode.l10n.t('budget reached') : ''}  \n`);
    }
    tooltip.appendMarkdown(`${vscode.l10n.t('Output')}: ${job.output}`);
    if (job.lastError) {
      tooltip.appendMarkdown(`\n\n${vscode.l10n.t('Last error')}: ${job.lastError}`);
    }
    item.tooltip = tooltip;
    item.command = { command: 'batchai.openResults', title: vscode.l10n.t('Open Results'), arguments: [job] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Keeps the store equal to the daemon: a full listJobs on every (re)connection, then notifications. */
export function syncStore(store: JobStore, daemon: DaemonManager, onError: (e: unknown) => void): vscode.Disposable {
  const fetching = new Set<string>();
  const fetch = (jobId: string) => {
    if (fetching.has(jobId)) {
      return;
    }
    fetching.add(jobId);
    daemon
      .client()
      .then((c) => c.getJob(jobId))
      .then((job) => store.upsert(job))
      .catch(() => undefined)
      .finally(() => fetching.delete(jobId));
  };
  return vscode.Disposable.from(
    daemon.onDidConnect((client) => {
      client.listJobs().then((r) => store.replaceAll(r.jobs), onError);
    }),
    daemon.onProgress((p) => {
      if (!store.applyProgress(p)) {
        fetch(p.jobId);
      }
    }),
    daemon.onStateChanged((s) => {
      store.applyState(s);
      fetch(s.jobId); // the final counts, output and error
    }),
  );
}
