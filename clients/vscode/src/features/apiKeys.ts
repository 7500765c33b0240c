import * as vscode from 'vscode';
import { describeProfile, endpointsOf, missingKeys, needsKey, ProfileSetting, secretId } from './profiles';

/**
 * API keys live in VS Code's SecretStorage, one per provider URL, asked once. They go to the daemon inline
 * with each start or resume (the daemon never stores them) and are never written to settings or logs.
 */
export class ApiKeys {
  private readonly cache = new Map<string, string>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Loads the keys of these URLs so that toModelChoice can read them synchronously. */
  async load(baseUrls: string[]): Promise<void> {
    for (const url of baseUrls) {
      const key = await this.secrets.get(secretId(url));
      if (key) {
        this.cache.set(secretId(url), key);
      } else {
        this.cache.delete(secretId(url));
      }
    }
  }

  keyFor = (baseUrl: string): string | undefined => this.cache.get(secretId(baseUrl));

  async ask(baseUrl: string): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', baseUrl),
      prompt: vscode.l10n.t('Kept in VS Code\'s secret storage, never in settings. Sent to the daemon only with the jobs that use it.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length === 0 ? vscode.l10n.t('Enter a key, or press Escape.') : undefined),
    });
    if (!key) {
      return false;
    }
    await this.secrets.store(secretId(baseUrl), key.trim());
    this.cache.set(secretId(baseUrl), key.trim());
    return true;
  }

  async forget(baseUrl: string): Promise<void> {
    await this.secrets.delete(secretId(baseUrl));
    this.cache.delete(secretId(baseUrl));
  }

  /** Loads the profile's keys and asks for those it lacks; false when the user declined. */
  async ensure(profile: ProfileSetting): Promise<boolean> {
    await this.load(endpointsOf(profile).map((e) => e.baseUrl));
    for (const endpoint of missingKeys(profile, this.keyFor)) {
      if (!(await this.ask(endpoint.baseUrl))) {
        return false;
      }
    }
    return true;
  }

  /** The command: pick a provider URL of the configured profiles (or type one) and store its key. */
  async setKeyCommand(profiles: ProfileSetting[]): Promise<void> {
    const urls = [...new Set(profiles.flatMap((p) => endpointsOf(p).filter(needsKey).map((e) => e.baseUrl)))];
    await this.load(urls);
    const other = vscode.l10n.t('Another URL…');
    const picked = await vscode.window.showQuickPick(
      [
        ...urls.map((url) => ({
          label: url,
          description: this.keyFor(url) ? vscode.l10n.t('key stored') : vscode.l10n.t('no key'),
          detail: profiles.filter((p) => endpointsOf(p).some((e) => e.baseUrl === url)).map((p) => `${p.name}: ${describeProfile(p)}`).join('; '),
        })),
        { label: other },
      ],
      { title: vscode.l10n.t('Set API Key'), placeHolder: vscode.l10n.t('Which provider is the key for?'), ignoreFocusOut: true },
    );
    if (!picked) {
      return;
    }
    let url: string | undefined = picked.label;
    if (url === other) {
      url = await vscode.window.showInputBox({ title: vscode.l10n.t('Provider base URL'), value: 'https://', ignoreFocusOut: true });
    }
    if (url && (await this.ask(url))) {
      void vscode.window.showInformationMessage(vscode.l10n.t('API key stored for {0}.', url));
    }
  }
}
