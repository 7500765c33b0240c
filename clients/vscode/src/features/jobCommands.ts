import * as path from 'node:path';
import * as vscode from 'vscode';
import { DaemonManager } from '../daemon/manager';
import { JobInfo, JobState, ResumeJobParams } from '../protocol/types';
import { finishedRows } from '../util/format';
import { ApiKeys } from './apiKeys';
import { jobTitle, stateLabel } from './jobsView';
import { JobStore } from './jobStore';
import { ResultsPanels } from './resultsPanel';
import { JobWatcher, textFormats } from './watch';

/** A job from the Jobs view's item, else picked among the jobs in a state the action applies to. */
async function resolveJob(arg: unknown, store: JobStore, states: JobState[] | undefined, title: string): Promise<JobInfo | undefined> {
  // From the Jobs view (a JobNode) or the results view (a JobInfo): the store has the job's latest state.
  if (arg && typeof arg === 'object' && 'jobId' in arg) {
    const known = store.get((arg as { jobId: string }).jobId);
    if (known) {
      return known;
    }
    if ('state' in arg) {
      return arg as JobInfo;
    }
  }
  const jobs = store.list().filter((j) => !states || states.includes(j.state));
  if (jobs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No BatchAI job to {0}.', title.toLowerCase()));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    jobs.map((j) => ({
      label: jobTitle(j),
      description: `${stateLabel(j.state)} · ${finishedRows(j.counts)}/${j.counts.total}`,
      detail: `${j.jobId} · ${j.model} · ${path.dirname(j.input)}`,
      job: j,
    })),
    { title, placeHolder: vscode.l10n.t('Which job?') },
  );
  return picked?.job;
}

/** Resume and retry need the key again when the job was started with an inline key and the daemon restarted. */
async function withKey(keys: ApiKeys, job: JobInfo): Promise<ResumeJobParams> {
  await keys.load([job.baseUrl]);
  const apiKey = keys.keyFor(job.baseUrl);
  return apiKey ? { jobId: job.jobId, apiKey } : { jobId: job.jobId };
}

export function registerJobCommands(
  daemon: DaemonManager,
  store: JobStore,
  keys: ApiKeys,
  watcher: JobWatcher,
  results: ResultsPanels,
  run: (fn: () => Promise<void>) => Promise<void>,
): vscode.Disposable {
  const command = (id: string, fn: (arg?: unknown) => Promise<void>) => vscode.commands.registerCommand(id, (arg?: unknown) => run(() => fn(arg)));
  return vscode.Disposable.from(
    command('batchai.pauseJob', async (arg) => {
      const job = await resolveJob(arg, store, ['running', 'providerUnavailable', 'queued'], vscode.l10n.t('Pause'));
      if (job) {
        store.upsert(await (await daemon.client()).pauseJob(job.jobId));
      }
    }),
    command('batchai.resumeJob', async (arg) => {
      const job = await resolveJob(arg, store, ['paused', 'interrupted', 'failed'], vscode.l10n.t('Resume'));
      if (job) {
        const resumed = await (await daemon.client()).resumeJob(await withKey(keys, job));
        void watcher.watch(resumed, { showResults: false });
      }
    }),
    command('batchai.cancelJob', async (arg) => {
      const job = await resolveJob(arg, store, ['running', 'providerUnavailable', 'queued', 'paused', 'interrupted'], vscode.l10n.t('Cancel'));
      if (!job) {
        return;
      }
      const yes = vscode.l10n.t('Cancel Job');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Cancel {0}? Rows not answered yet are written with an error; a cancelled job cannot be resumed.', jobTitle(job)),
        { modal: true },
        yes,
      );
      if (answer === yes) {
        store.upsert(await (await daemon.client()).cancelJob(job.jobId));
      }
    }),
    command('batchai.retryFailed', async (arg) => {
      const job = await resolveJob(arg, store, ['completed', 'paused', 'failed', 'interrupted'], vscode.l10n.t('Retry Failed'));
      if (!job) {
        return;
      }
      if (job.counts.failed === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no failed rows.', jobTitle(job)));
        return;
      }
      const retried = await (await daemon.client()).retryFailed(await withKey(keys, job));
      void watcher.watch(retried);
    }),
    command('batchai.exportJob', async (arg) => {
      const job = await resolveJob(arg, store, undefined, vscode.l10n.t('Export'));
      if (!job) {
        return;
      }
      const client = await daemon.client();
      const formats = daemon.info?.capabilities.outputFormats ?? ['jsonl', 'json', 'csv'];
      const descriptions: Record<string, string> = {
        jsonl: vscode.l10n.t('one JSON record per line'),
        json: vscode.l10n.t('a JSON array'),
        csv: vscode.l10n.t('UTF-8 with BOM, opens in Excel'),
        xlsx: vscode.l10n.t('an Excel workbook'),
        'openai-chat': vscode.l10n.t('fine-tuning: OpenAI chat messages (JSONL)'),
        alpaca: vscode.l10n.t('fine-tuning: Alpaca (JSON)'),
        sharegpt: vscode.l10n.t('fine-tuning: ShareGPT (JSON)'),
        parquet: vscode.l10n.t('Parquet: typed columns, for pandas, Spark or DuckDB'),
        'hf-dataset': vscode.l10n.t('Hugging Face dataset: a folder of Parquet shards and a dataset card'),
      };
      const format = await vscode.window.showQuickPick(
        formats.map((f) => ({ label: f, description: descriptions[f] })),
        { title: vscode.l10n.t('Export {0}', jobTitle(job)), placeHolder: vscode.l10n.t('Which format?') },
      );
      if (!format) {
        return;
      }
      const result = await client.exportJob({ jobId: job.jobId, format: format.label });
      const open = vscode.l10n.t('Open');
      const reveal = vscode.l10n.t('Reveal in Explorer');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('{0} rows exported to {1}.', result.rows, path.basename(result.output)),
        ...(textFormats.has(result.format) ? [open, reveal] : [reveal]),
      );
      if (choice === open) {
        await vscode.window.showTextDocument(vscode.Uri.file(result.output), { viewColumn: vscode.ViewColumn.Beside, preview: false });
      } else if (choice === reveal) {
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.output));
      }
    }),
    command('batchai.openResults', async (arg) => {
      const job = await resolveJob(arg, store, undefined, vscode.l10n.t('Open Results'));
      if (!job) {
        return;
      }
      results.show(job.jobId);
      if (job.state === 'running' || job.state === 'providerUnavailable' || job.state === 'queued') {
        void watcher.watch(job, { showResults: false });
      }
    }),
    command('batchai.showFailedRows', async (arg) => {
      const job = await resolveJob(arg, store, undefined, vscode.l10n.t('Show Failed Rows'));
      if (job) {
        results.show(job.jobId, 'failed');
      }
    }),
    command('batchai.openOutput', async (arg) => {
      const job = await resolveJob(arg, store, undefined, vscode.l10n.t('Open Output File'));
      if (job) {
        await watcher.openOutput(job);
      }
    }),
    command('batchai.refreshJobs', async () => {
      store.replaceAll((await (await daemon.client()).listJobs()).jobs);
    }),
  );
}
