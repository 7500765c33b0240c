import * as vscode from 'vscode';
import { JobMode, JobModes, JudgeRubrics } from '../protocol/types';
import {
  JobOptions,
  jobModes,
  judgeOptions,
  judgePresets,
  maxSamples,
  OptionLabels,
  parseDeadline,
  parseModels,
  parseSamples,
  parseThreshold,
} from './jobOptions';

/**
 * The Start Job flow's "More options…", three short steps each kept as it was by Enter: the mode (batch and auto ask
 * nothing more, auto offers a deadline), answers per row (samples and models), and a judge. Undefined: Escape, nothing
 * changed.
 */
export async function askJobOptions(current: JobOptions, jobModel: string | undefined, title: string): Promise<JobOptions | undefined> {
  const mode = await pickMode(current.mode, `${title} · ${vscode.l10n.t('Mode')}`);
  if (!mode) {
    return undefined;
  }
  let deadline: string | undefined;
  if (mode === JobModes.Auto) {
    const answer = await askDeadline(current.deadline, `${title} · ${vscode.l10n.t('Mode')}`);
    if (answer === null) {
      return undefined;
    }
    deadline = answer;
  }
  const answers = await askAnswersPerRow(current, `${title} · ${vscode.l10n.t('Answers per row')}`, `${title} · ${vscode.l10n.t('Models per row')}`);
  if (!answers) {
    return undefined;
  }
  const judge = await askJudge(current, jobModel, `${title} · ${vscode.l10n.t('Judge')}`);
  if (judge === null) {
    return undefined;
  }
  return { mode, deadline, ...answers, judge };
}

/** The labels of describeJobOptions, in the user's language. */
export function optionLabels(): OptionLabels {
  return {
    mode: (mode) => modeLabel(mode),
    deadline: (at) => vscode.l10n.t('by {0}', new Date(at).toLocaleString()),
    samples: (n) => vscode.l10n.t('{0} answers per row', n),
    models: (models) => vscode.l10n.t('models {0}', models),
    judge: (rubric) => vscode.l10n.t('judged: {0}', rubric),
    threshold: (n) => vscode.l10n.t('keep {0} and above', n),
  };
}

function modeLabel(mode: JobMode): string {
  switch (mode) {
    case JobModes.Online:
      return vscode.l10n.t('Online');
    case JobModes.Batch:
      return vscode.l10n.t('Batch');
    case JobModes.Auto:
      return vscode.l10n.t('Auto');
    case JobModes.Offline:
      return vscode.l10n.t('Offline');
  }
}

function modeDetail(mode: JobMode): string {
  switch (mode) {
    case JobModes.Online:
      return vscode.l10n.t('Each row sent as a request, many at once: answers stream in now.');
    case JobModes.Batch:
      return vscode.l10n.t('Through the provider\'s Batch API: half price, answers within its completion window (24 h).');
    case JobModes.Auto:
      return vscode.l10n.t('Online while the endpoints have room, the rest by batch; all by batch when a deadline allows.');
    case JobModes.Offline:
      return vscode.l10n.t('Nothing sent: export the rows as batch request files for your own GPUs, import the results.');
  }
}

async function pickMode(current: JobMode, title: string): Promise<JobMode | undefined> {
  type Item = vscode.QuickPickItem & { mode: JobMode };
  const items: Item[] = jobModes.map((mode) => ({ label: modeLabel(mode), description: mode === current ? vscode.l10n.t('(current)') : undefined, detail: modeDetail(mode), mode }));
  items.sort((a, b) => Number(b.mode === current) - Number(a.mode === current));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('How are the rows answered?'), ignoreFocusOut: true });
  return picked?.mode;
}

/** Undefined: no deadline; null: Escape. */
async function askDeadline(current: string | undefined, title: string): Promise<string | undefined | null> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('When are the answers needed? A time from now (36h, 2d) or a date and time (2026-12-09 09:00); empty: no deadline.'),
    value: current ? new Date(current).toISOString() : '',
    ignoreFocusOut: true,
    validateInput: (v) => (parseDeadline(v, new Date()) === null ? vscode.l10n.t('Enter a time from now such as 36h, or a date and time still to come.') : undefined),
  });
  return text === undefined ? null : parseDeadline(text, new Date()) ?? undefined;
}

async function askAnswersPerRow(current: JobOptions, title: string, modelsTitle: string): Promise<Pick<JobOptions, 'samples' | 'models'> | undefined> {
  const samples = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Answers per row and model, 1 to {0} (empty: 1).', maxSamples),
    value: current.samples && current.samples > 1 ? String(current.samples) : '',
    ignoreFocusOut: true,
    validateInput: (v) => (parseSamples(v) === undefined ? vscode.l10n.t('Enter a whole number from 1 to {0}, or leave it empty.', maxSamples) : undefined),
  });
  if (samples === undefined) {
    return undefined;
  }
  const models = await vscode.window.showInputBox({
    title: modelsTitle,
    prompt: vscode.l10n.t('Models that each answer every row, comma-separated (empty: the profile\'s model only).'),
    placeHolder: 'gpt-4o-mini, deepseek-chat',
    value: current.models?.join(', ') ?? '',
    ignoreFocusOut: true,
  });
  if (models === undefined) {
    return undefined;
  }
  const list = parseModels(models);
  return { samples: parseSamples(samples), models: list.length > 0 ? list : undefined };
}

/** Undefined: no judge; null: Escape. */
async function askJudge(current: JobOptions, jobModel: string | undefined, title: string): Promise<JobOptions['judge'] | null> {
  type Item = vscode.QuickPickItem & { rubric?: string; own?: true; none?: true };
  const presetDetail: Record<string, string> = {
    [JudgeRubrics.Helpfulness]: vscode.l10n.t('How well the answer helps the asker: relevant, complete, clear.'),
    [JudgeRubrics.Correctness]: vscode.l10n.t('Whether the answer agrees with a reference answer column.'),
    [JudgeRubrics.FollowsFormat]: vscode.l10n.t('Whether the answer follows the format the question or system prompt asks for.'),
    [JudgeRubrics.Language]: vscode.l10n.t('Whether the answer is written in the question\'s language.'),
  };
  const items: Item[] = [
    { label: vscode.l10n.t('No judge'), detail: vscode.l10n.t('Keep every answer as it comes.'), none: true },
    ...judgePresets.map((rubric) => ({ label: rubric, detail: presetDetail[rubric], rubric })),
    { label: '$(edit) ' + vscode.l10n.t('Your own rubric…'), own: true },
  ];
  const currentRubric = current.judge?.rubric ?? undefined;
  items.sort((a, b) => Number(b.rubric !== undefined && b.rubric === currentRubric) - Number(a.rubric !== undefined && a.rubric === currentRubric));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Score each answer with a judge model?'), ignoreFocusOut: true });
  if (!picked) {
    return null;
  }
  if (picked.none) {
    return undefined;
  }
  let rubric = picked.rubric;
  if (picked.own) {
    rubric = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('What makes a good answer? The judge scores each answer 1 to 10 against this.'),
      value: currentRubric && !judgePresets.includes(currentRubric) ? currentRubric : '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Enter a rubric.') : undefined),
    });
  }
  if (rubric === undefined) {
    return null;
  }
  const model = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The judge\'s model (empty: the job\'s model).'),
    value: current.judge?.model ?? '',
    ignoreFocusOut: true,
  });
  if (model === undefined) {
    return null;
  }
  const threshold = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Keep only answers scoring at least (1 to 10; empty: keep all).'),
    value: current.judge?.threshold != null ? String(current.judge.threshold) : '',
    ignoreFocusOut: true,
    validateInput: (v) => (parseThreshold(v) === null ? vscode.l10n.t('Enter a number from 0 to 10, or leave it empty.') : undefined),
  });
  if (threshold === undefined) {
    return null;
  }
  return judgeOptions(rubric, model, jobModel, parseThreshold(threshold) ?? undefined);
}
