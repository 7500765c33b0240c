import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchAiClient, BatchAiError } from '../daemon/client';
import { DaemonManager } from '../daemon/manager';
import { ErrorCodes } from '../protocol/methods';
import { PreviewDatasetResult, PreviewRow, StartJobParams } from '../protocol/types';
import { formatDuration, oneLine } from '../util/format';
import { ApiKeys } from './apiKeys';
import { toModelChoice } from './profiles';
import { lastUserText, Role, turnsOfPreview, turnsOnOneLine } from './conversation';
import { askSystemPrompt, askTemperature, pickImageColumn, pickProfile, PickedProfile } from './pickers';
import { pickResponseFormat } from './schemaPick';
import { defaultJobOptions, describeJobOptions, JobOptions, jobOptionFields } from './jobOptions';
import { askJobOptions, optionLabels } from './jobOptionsPick';
import { readSettings } from './settings';
import { JobWatcher } from './watch';

export const datasetExtensions = ['.xlsx', '.xls', '.csv', '.tsv', '.json', '.jsonl'];
const textExtensions = new Set(['.csv', '.tsv', '.json', '.jsonl']);

/** The file to answer: the explorer's selection, else the active editor's file, else one chosen in a dialog. */
export async function resolveDataset(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (uri instanceof vscode.Uri && uri.scheme === 'file') {
    return uri;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && datasetExtensions.includes(path.extname(active.fsPath).toLowerCase())) {
    return active;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Datasets')]: datasetExtensions.map((e) => e.slice(1)) },
    openLabel: vscode.l10n.t('Answer This Dataset'),
  });
  return picked?.[0];
}

type Prompting = { column: string } | { template: string };

async function pickColumn(client: BatchAiClient, input: string, preview: PreviewDatasetResult, title: string): Promise<Prompting | undefined> {
  type Item = vscode.QuickPickItem & { value?: Prompting; template?: true };
  const sample = (i: number) =>
    preview.rows
      .map((r) => oneLine(r.cells[i], 40))
      .filter((s) => s.length > 0)
      .slice(0, 3)
      .join(' · ');
  const items: Item[] = preview.columns.map((c, i) => ({
    label: c,
    description: c === preview.promptColumn ? vscode.l10n.t('(detected question column)') : undefined,
    detail: sample(i),
    value: { column: c },
  }));
  items.sort((a, b) => Number(b.label === preview.promptColumn) - Number(a.label === preview.promptColumn));
  items.push({ label: '$(symbol-variable) ' + vscode.l10n.t('Template of several columns…'), template: true });
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('{0}: {1} rows, columns {2}. Which column holds the question?', path.basename(input), preview.rowCount, preview.columns.join(', ')),
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  if (!picked) {
    return undefined;
  }
  if (!picked.template) {
    return picked.value;
  }
  const template = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Build the prompt from columns, e.g. {0}', preview.columns.slice(0, 2).map((c) => `{{${c}}}`).join('\\n\\n')),
    value: preview.columns.slice(0, 2).map((c) => `{{${c}}}`).join('\n\n'),
    ignoreFocusOut: true,
    validateInput: async (v) => {
      if (v.trim().length === 0) {
        return vscode.l10n.t('Enter a template.');
      }
      try {
        await client.previewDataset({ input, template: v.replace(/\\n/g, '\n'), rows: 1 });
        return undefined;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
  });
  return template === undefined ? undefined : { template: template.replace(/\\n/g, '\n') };
}

/**
 * The last step: the cleaned first rows as they will be sent, and the estimate, before anything is spent; "More options…"
 * (mode, answers per row, judge) comes back here with the estimate made again.
 */
async function confirm(client: BatchAiClient, params: StartJobParams, profile: PickedProfile, options: JobOptions, title: string): Promise<'start' | 'more' | undefined> {
  const preview = await client.previewDataset({ input: params.input, column: params.column, template: params.template, imageColumn: params.imageColumn, rows: 10 });
  const estimate = await client.estimateJob(params).catch(() => undefined);
  type Item = vscode.QuickPickItem & { start?: boolean; cancel?: boolean; more?: boolean };
  let estimateText = '';
  if (estimate) {
    estimateText = vscode.l10n.t('{0} rows to send, about {1} prompt tokens and up to {2} answer tokens', estimate.rowsToSend, estimate.promptTokens, estimate.completionTokens);
    const byBatch = params.mode === 'batch' || params.mode === 'auto';
    if (estimate.cost && !(byBatch && estimate.batchCost)) {
      estimateText += ' · ' + vscode.l10n.t('about {0} {1}', estimate.cost.total.toFixed(4), estimate.cost.currency);
    }
    if (byBatch) {
      estimateText +=
        ' · ' +
        (estimate.batchCost
          ? vscode.l10n.t('by batch about {0} {1}, within {2}', estimate.batchCost.total.toFixed(4), estimate.batchCost.currency, formatDuration(estimate.batchSeconds))
          : vscode.l10n.t('by batch within {0}', formatDuration(estimate.batchSeconds)));
    }
  }
  const skipped = preview.cleaning.empty + preview.cleaning.duplicates;
  const chosen = describeJobOptions(options, optionLabels());
  const items: Item[] = [
    {
      label: '$(play) ' + vscode.l10n.t('Start: {0} rows with {1}', preview.rowCount, profile.label),
      description: [chosen, skipped > 0 ? vscode.l10n.t('{0} empty or duplicate rows skipped', skipped) : ''].filter((s) => s.length > 0).join(' · ') || undefined,
      detail: estimateText || undefined,
      start: true,
    },
    {
      label: '$(settings) ' + vscode.l10n.t('More options…'),
      detail: vscode.l10n.t('Mode (online, batch at half price, auto, offline), several answers per row, a judge'),
      more: true,
    },
    { label: '$(close) ' + vscode.l10n.t('Cancel'), cancel: true },
    { label: vscode.l10n.t('First rows, cleaned'), kind: vscode.QuickPickItemKind.Separator },
    ...preview.rows.map((r) => previewItem(r, path.dirname(params.input))),
  ];
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Check the prompts, then start.'), ignoreFocusOut: true });
    if (!picked || picked.cancel) {
      return undefined;
    }
    if (picked.start) {
      return 'start';
    }
    if (picked.more) {
      return 'more';
    }
  }
}

/** A row of the preview: a plain question as cleaned (and as read, when cleaning changed it), a conversation or image row as its messages. */
function previewItem(r: PreviewRow, datasetDir: string): vscode.QuickPickItem {
  const description = r.skip ? `⚠ ${r.skip}` : r.rules.length > 0 ? vscode.l10n.t('cleaned: {0}', r.rules.join(', ')) : undefined;
  if (!r.messages || r.messages.length === 0) {
    return { label: `${r.index + 1}. ${oneLine(r.cleaned, 100)}`, description, detail: r.raw !== r.cleaned ? vscode.l10n.t('as read: {0}', oneLine(r.raw, 100)) : undefined };
  }
  const turns = turnsOfPreview(r.messages, datasetDir);
  const roles: Record<Role, string> = { system: vscode.l10n.t('system'), user: vscode.l10n.t('user'), assistant: vscode.l10n.t('assistant') };
  return {
    label: `${r.index + 1}. $(comment-discussion) ${oneLine(lastUserText(turns), 100)}`,
    description: description ?? vscode.l10n.t('{0} messages sent', turns.length),
    detail: turnsOnOneLine(turns, (role) => roles[role]),
  };
}

export async function startJobCommand(
  uri: vscode.Uri | undefined,
  daemon: DaemonManager,
  keys: ApiKeys,
  watcher: JobWatcher,
  state: vscode.Memento,
): Promise<void> {
  const dataset = await resolveDataset(uri);
  if (!dataset) {
    return;
  }
  const input = dataset.fsPath;
  const title = (step: number) => vscode.l10n.t('Start Job on {0} ({1}/6)', path.basename(input), step);
  const client = await daemon.client();
  const preview = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}…', path.basename(input)) },
    () => client.previewDataset({ input, rows: 5 }),
  );
  const prompting = await pickColumn(client, input, preview, title(1));
  if (!prompting) {
    return;
  }
  const images = await pickImageColumn(preview, title(1));
  if (!images) {
    return;
  }
  const settings = readSettings();
  const profile = await pickProfile(client, settings, keys, state, title(2));
  if (!profile) {
    return;
  }
  const systemPrompt = await askSystemPrompt(title(3), profile.setting?.systemPrompt ?? settings.systemPrompt);
  if (systemPrompt === undefined) {
    return;
  }
  const temperature = await askTemperature(title(4), profile.setting?.temperature ?? settings.temperature);
  if (!temperature) {
    return;
  }
  const structured = await pickResponseFormat(title(5), input);
  if (!structured) {
    return;
  }
  let params: StartJobParams = {
    input,
    ...prompting,
    ...images,
    ...profile.choice,
    systemPrompt: systemPrompt.trim().length > 0 ? systemPrompt : undefined,
    temperature: temperature.value,
    maxTokens: profile.setting?.maxTokens,
    concurrency: profile.setting?.concurrency ?? settings.concurrency,
    streamTokens: true,
    ...structured,
  };
  let options = defaultJobOptions;
  for (;;) {
    const choice = await confirm(client, params, profile, options, title(6));
    if (!choice) {
      return;
    }
    if (choice === 'start') {
      break;
    }
    const jobModel = params.provider?.model ?? params.endpoints?.[0]?.model ?? undefined;
    options = (await askJobOptions(options, jobModel, title(6))) ?? options;
    params = { ...withoutJobOptions(params), ...jobOptionFields(options) };
  }
  // The dataset in front, so that the results open beside it.
  if (textExtensions.has(path.extname(input).toLowerCase()) && vscode.window.activeTextEditor?.document.uri.fsPath !== input) {
    await vscode.window.showTextDocument(dataset, { preview: false });
  }
  let started;
  try {
    started = await client.startJob(params);
  } catch (e) {
    if (e instanceof BatchAiError && e.code === ErrorCodes.ProviderConfig && profile.setting) {
      // Typically: apiKeyEnv names a variable the daemon's environment lacks. Ask for the key once and retry.
      const url = profile.setting.baseUrl ?? profile.setting.endpoints?.[0]?.baseUrl;
      const setKey = vscode.l10n.t('Enter API Key');
      if (!url || (await vscode.window.showErrorMessage(vscode.l10n.t('BatchAI: {0}', e.message), setKey)) !== setKey || !(await keys.ask(url))) {
        return;
      }
      started = await client.startJob({ ...params, ...toModelChoice(profile.setting, keys.keyFor) });
    } else {
      throw e;
    }
  }
  const job = await client.getJob(started.jobId);
  await watcher.watch(job);
}

/** The params without the fields "More options…" sets, so that options turned off are not sent. */
function withoutJobOptions(params: StartJobParams): StartJobParams {
  const { mode: _mode, batch: _batch, samples: _samples, models: _models, judge: _judge, ...rest } = params;
  return rest;
}
