import * as vscode from 'vscode';
import { BatchAiError } from '../daemon/client';
import { DaemonNotFoundError } from '../daemon/connector';
import { DaemonStartError } from '../daemon/spawn';

/**
 * Turns any failure into one message a person can act on: the daemon's own words for protocol errors, a
 * button to its log when it could not start, and never a stack trace. The full error goes to the log.
 */
export async function showError(e: unknown, log: vscode.OutputChannel): Promise<void> {
  log.appendLine(`[error] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const openLog = vscode.l10n.t('Open Log');
  const openSettings = vscode.l10n.t('Open Settings');
  let choice: string | undefined;
  if (e instanceof DaemonNotFoundError) {
    choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('The BatchAI daemon (batchai) was not found. Set batchai.daemonPath to its executable.'),
      openSettings,
      openLog,
    );
  } else if (e instanceof DaemonStartError) {
    const last = e.lastLines.filter((l) => l.trim().length > 0).slice(-1)[0];
    choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('The BatchAI daemon could not start: {0}', last ?? e.message),
      openLog,
    );
  } else if (e instanceof BatchAiError) {
    choice = await vscode.window.showErrorMessage(vscode.l10n.t('BatchAI: {0}', e.message));
  } else {
    choice = await vscode.window.showErrorMessage(vscode.l10n.t('BatchAI: {0}', e instanceof Error ? e.message : String(e)), openLog);
  }
  if (choice === openLog) {
    log.show(true);
  } else if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'batchai.daemonPath');
  }
}
