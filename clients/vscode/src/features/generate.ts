import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchAiClient } from '../daemon/client';
import { DaemonManager } from '../daemon/manager';
import { Methods } from '../protocol/methods';
import { isFinished, JobInfo } from '../protocol/types';
import { ApiKeys } from './apiKeys';
import { askSystemPrompt, pickProfile, PickedProfile } from './pickers';
import { JobStore } from './jobStore';
import { readSettings } from './settings';
import { JobWatcher } from './watch';

function defaultOutput(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  for (let n = 1; ; n++) {
    const file = path.join(folder, n === 1 ? 'generated-questions.csv' : `generated-questions-${n}.csv`);
    if (!fs.existsSync(file)) {
      return file;
    }
  }
}

/** Waits (on notifications, not a timer) until the job is finished, paused or interrupted. */
function settled(store: JobStore, jobId: string): Promise<JobInfo> {
  return new Promise((resolve) => {
    const check = () => {
      const job = store.get(jobId);
      if (job && (isFinished(job.state) || job.state === 'paused' || job.state === 'interrupted')) {
        subscription.dispose();
        resolve(job);
      }
    };
    const subscription = store.onDidChange(check);
    check();
  });
}

/**
 * Generate Questions: a seed prompt and a count make a question file (a job of kind `generate`), and in the
 * same step, when asked, a job that answers it with the same model.
 */
export async function generateQuestionsCommand(daemon: DaemonManager, keys: ApiKeys, store: JobStore, watcher: JobWatcher, state: vscode.Memento): Promise<void> {
  const client: BatchAiClient = await daemon.client();
  if (!daemon.info?.capabilities.methods.includes(Methods.generateQuestions)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('This BatchAI daemon ({0}) cannot generate questions yet; update batchai.', daemon.info?.daemonVersion ?? '?'));
    return;
  }
  const title = (step: number) => vscode.l10n.t('Generate Questions ({0}/5)', step);
  const seedPrompt = await vscode.window.showInputBox({
    title: title(1),
    prompt: vscode.l10n.t('What should the questions be about? e.g. "Questions a beginner asks about baking bread"'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Describe the questions to generate.') : undefined),
  });
  if (!seedPrompt) {
    return;
  }
  const countText = await vscode.window.showInputBox({
    title: title(2),
    prompt: vscode.l10n.t('How many questions?'),
    value: '50',
    ignoreFocusOut: true,
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? undefined : vscode.l10n.t('Enter a whole number above 0.')),
  });
  if (!countText) {
    return;
  }
  const settings = readSettings();
  const profile: PickedProfile | undefined = await pickProfile(client, settings, keys, state, title(3));
  if (!profile) {
    return;
  }
  const output = await vscode.window.showInputBox({
    title: title(4),
    prompt: vscode.l10n.t('Where to write the questions (.csv, .jsonl or .xlsx)'),
    value: defaultOutput(),
    ignoreFocusOut: true,
  });
  if (!output) {
    return;
  }
  const both = vscode.l10n.t('Generate, then answer them');
  const only = vscode.l10n.t('Generate only');
  const then = await vscode.window.showQuickPick([both, only], { title: title(5), ignoreFocusOut: true });
  if (!then) {
    return;
  }
  let answerPrompt: string | undefined;
  if (then === both) {
    answerPrompt = await askSystemPrompt(vscode.l10n.t('System prompt for the answers'), profile.setting?.systemPrompt ?? settings.systemPrompt);
    if (answerPrompt === undefined) {
      return;
    }
  }
  const started = await client.generateQuestions({ seedPrompt, count: Number(countText), ...profile.choice, output });
  const generated = await client.getJob(started.jobId);
  void watcher.watch(generated, { showResults: false });
  const done = await settled(store, started.jobId);
  if (done.state !== 'completed') {
    return;
  }
  if (then === only) {
    await vscode.window.showTextDocument(vscode.Uri.file(started.output), { preview: false });
    return;
  }
  const answer = await client.startJob({
    input: started.output,
    column: 'question',
    ...profile.choice,
    systemPrompt: answerPrompt && answerPrompt.trim().length > 0 ? answerPrompt : undefined,
    concurrency: profile.setting?.concurrency ?? settings.concurrency,
    streamTokens: true,
  });
  if (started.output.endsWith('.csv') || started.output.endsWith('.jsonl')) {
    await vscode.window.showTextDocument(vscode.Uri.file(started.output), { preview: false });
  }
  await watcher.watch(await client.getJob(answer.jobId));
}
