import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ResponseFormatOptions } from '../protocol/types';
import { responseFormatOf } from './schemaFile';

/**
 * The optional structured-answers step: free-text answers, or a JSON Schema file whose answers the daemon validates and
 * re-asks. `{}` for free text, `{ responseFormat }` for a schema, undefined when the user pressed Escape.
 */
export async function pickResponseFormat(title: string, near: string): Promise<{ responseFormat?: ResponseFormatOptions } | undefined> {
  type Item = vscode.QuickPickItem & { schema: boolean };
  const items: Item[] = [
    { label: '$(comment) ' + vscode.l10n.t('Free-text answers'), schema: false },
    { label: '$(json) ' + vscode.l10n.t('JSON Schema file…'), detail: vscode.l10n.t('Answers as JSON matching the schema, validated and asked again when they do not match.'), schema: true },
  ];
  for (;;) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Structured answers?'), ignoreFocusOut: true });
    if (!picked) {
      return undefined;
    }
    if (!picked.schema) {
      return {};
    }
    const file = await vscode.window.showOpenDialog({
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(near)),
      filters: { [vscode.l10n.t('JSON Schema')]: ['json'] },
      openLabel: vscode.l10n.t('Use This Schema'),
    });
    if (!file?.[0]) {
      continue;
    }
    const read = responseFormatOf(await fs.readFile(file[0].fsPath, 'utf8'));
    if ('jsonSchema' in read) {
      return { responseFormat: read };
    }
    const name = path.basename(file[0].fsPath);
    void vscode.window.showErrorMessage(read.problem === 'notJson'
      ? vscode.l10n.t('{0} is not JSON: {1}', name, read.detail)
      : vscode.l10n.t('{0} is not a JSON Schema object.', name));
  }
}
