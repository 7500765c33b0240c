import * as vscode from 'vscode';
import { BatchAiClient } from '../daemon/client';
import { ModelChoice, PreviewDatasetResult } from '../protocol/types';
import { oneLine } from '../util/format';
import { ApiKeys } from './apiKeys';
import { imageColumnCandidates } from './imageColumns';
import { describeProfile, ProfileSetting, profileProblem, toModelChoice } from './profiles';
import { Settings } from './settings';

export interface PickedProfile {
  label: string;
  choice: ModelChoice;
  /** The settings profile, when it came from settings: its defaults and its keys. */
  setting?: ProfileSetting;
}

const lastProfileKey = 'batchai.lastProfile';

/** Profiles from settings and those stored in the daemon; the last one used (else the default) comes first. */
export async function pickProfile(
  client: BatchAiClient,
  settings: Settings,
  keys: ApiKeys,
  state: vscode.Memento,
  title: string,
): Promise<PickedProfile | undefined> {
  type Item = vscode.QuickPickItem & { pick?: PickedProfile | 'settings' };
  const usable = settings.profiles.filter((p) => !profileProblem(p));
  const stored = await client.listProfiles().then((r) => r.profiles, () => []);
  const items: Item[] = [
    ...usable.map((p) => ({ label: p.name, description: describeProfile(p), pick: { label: p.name, choice: {}, setting: p } as PickedProfile })),
    ...stored
      .filter((s) => !usable.some((p) => p.name === s.name))
      .map((s) => ({
        label: s.name,
        description: s.endpoints.map((e) => `${e.model} @ ${e.baseUrl}`).join(', '),
        detail: vscode.l10n.t('stored in the daemon'),
        pick: { label: s.name, choice: { profile: s.name } } as PickedProfile,
      })),
  ];
  const preferred = state.get<string>(lastProfileKey) ?? settings.defaultProfile;
  items.sort((a, b) => Number(b.label === preferred) - Number(a.label === preferred));
  items.push({ label: '$(gear) ' + vscode.l10n.t('Edit profiles in settings…'), pick: 'settings' });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which model answers?'), ignoreFocusOut: true });
  if (!picked?.pick) {
    return undefined;
  }
  if (picked.pick === 'settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'batchai.profiles');
    return undefined;
  }
  const result = picked.pick;
  if (result.setting) {
    if (!(await keys.ensure(result.setting))) {
      return undefined;
    }
    result.choice = toModelChoice(result.setting, keys.keyFor);
  }
  await state.update(lastProfileKey, result.label);
  return result;
}

export async function askSystemPrompt(title: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('System prompt sent before each question (empty: none).'),
    value,
    ignoreFocusOut: true,
  });
}

/** Empty means the model's default; undefined means the user pressed Escape. */
export async function askTemperature(title: string, value: number | undefined): Promise<{ value?: number } | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Temperature, 0 to 2 (empty: the model\'s default).'),
    value: value === undefined ? '' : String(value),
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') {
        return undefined;
      }
      const n = Number(v);
      return Number.isFinite(n) && n >= 0 && n <= 2 ? undefined : vscode.l10n.t('Enter a number from 0 to 2, or leave it empty.');
    },
  });
  if (text === undefined) {
    return undefined;
  }
  return text.trim() === '' ? {} : { value: Number(text) };
}

/**
 * When the dataset has columns that may hold each row's image: which one is sent with the question, asked only when
 * there is a choice. `{}` when none (the daemon then takes a column named like image, if any); undefined when the user
 * pressed Escape.
 */
export async function pickImageColumn(preview: PreviewDatasetResult, title: string): Promise<{ imageColumn?: string } | undefined> {
  const candidates = imageColumnCandidates(preview);
  if (candidates.length === 0) {
    return {};
  }
  if (candidates.length === 1 && candidates[0].detected) {
    // The daemon takes it anyway, and there is no other to choose: no question; the check step shows the rows with it.
    return { imageColumn: candidates[0].column };
  }
  type Item = vscode.QuickPickItem & { column?: string };
  const sample = (column: string) => {
    const i = preview.columns.indexOf(column);
    return preview.rows.map((r) => oneLine(r.cells[i], 40)).filter((s) => s.length > 0).slice(0, 3).join(' · ');
  };
  const items: Item[] = candidates.map((c) => ({
    label: '$(file-media) ' + c.column,
    description: c.detected ? vscode.l10n.t('(detected image column)') : undefined,
    detail: sample(c.column),
    column: c.column,
  }));
  // A column named like one is taken by the daemon anyway: "no images" is offered only when none is.
  if (!candidates.some((c) => c.detected)) {
    items.push({ label: '$(circle-slash) ' + vscode.l10n.t('No images: send the questions alone') });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Which column holds each row\'s image? It is sent with the question.'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  return picked.column === undefined ? {} : { imageColumn: picked.column };
}
