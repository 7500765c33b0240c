import * as vscode from 'vscode';
import { DaemonManager } from './daemon/manager';
import { ApiKeys } from './features/apiKeys';
import { showError } from './features/errors';
import { generateQuestionsCommand } from './features/generate';
import { registerJobCommands } from './features/jobCommands';
import { JobsTreeProvider, syncStore } from './features/jobsView';
import { JobStore } from './features/jobStore';
import { ResultsPanels } from './features/resultsPanel';
import { readSettings } from './features/settings';
import { startJobCommand } from './features/startJob';
import { JobsStatusBar } from './features/statusBar';
import { JobWatcher } from './features/watch';

/** Wires the features together; every disposable is owned by the context. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('BatchAI Daemon');
  const report = (e: unknown) => void showError(e, log);
  const run = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      report(e);
    }
  };
  const version = String(context.extension.packageJSON.version ?? '0');
  const daemon = new DaemonManager(context.extensionPath, version, log, report);
  const store = new JobStore();
  const keys = new ApiKeys(context.secrets);
  const results = new ResultsPanels(daemon, store);
  const watcher = new JobWatcher(daemon, store, results, report);
  const tree = new JobsTreeProvider(store);
  const view = vscode.window.createTreeView('batchai.jobs', { treeDataProvider: tree, showCollapseAll: false });

  context.subscriptions.push(
    log,
    daemon,
    { dispose: () => store.dispose() },
    results,
    watcher,
    tree,
    view,
    new JobsStatusBar(store),
    syncStore(store, daemon, report),
    daemon.onDidConnect(() => void vscode.commands.executeCommand('setContext', 'batchai.connected', true)),
    daemon.onDidDisconnect(() => void vscode.commands.executeCommand('setContext', 'batchai.connected', false)),
    vscode.commands.registerCommand('batchai.startJob', (uri?: vscode.Uri) => run(() => startJobCommand(uri, daemon, keys, watcher, context.globalState))),
    vscode.commands.registerCommand('batchai.generateQuestions', () => run(() => generateQuestionsCommand(daemon, keys, store, watcher, context.globalState))),
    vscode.commands.registerCommand('batchai.setApiKey', () => run(() => keys.setKeyCommand(readSettings().profiles))),
    vscode.commands.registerCommand('batchai.showDaemonLog', () => log.show()),
    vscode.commands.registerCommand('batchai.reconnect', () => run(() => daemon.reconnect())),
    registerJobCommands(daemon, store, keys, watcher, results, run),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['batchai.daemonPath', 'batchai.dataDirectory', 'batchai.pipeName'].some((k) => e.affectsConfiguration(k))) {
        void run(() => daemon.reconnect());
      }
    }),
  );

  // Connect now, so the Jobs view fills and jobs started elsewhere show; a failure is said once, with the log.
  void daemon.client().catch(report);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions; the daemon keeps running for other clients.
}
