import * as vscode from 'vscode';
import { finishedRows, formatDuration } from '../util/format';
import { JobStore } from './jobStore';

/** Shown while jobs run: how many, and rows done of all their rows; a click shows the Jobs view. */
export class JobsStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('batchai.jobs', vscode.StatusBarAlignment.Left, 10);
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: JobStore) {
    this.item.name = vscode.l10n.t('BatchAI Jobs');
    this.item.command = 'batchai.jobs.focus';
    this.subscription = store.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const active = this.store.active();
    if (active.length === 0) {
      this.item.hide();
      return;
    }
    const done = active.reduce((n, j) => n + finishedRows(j.counts), 0);
    const total = active.reduce((n, j) => n + j.counts.total, 0);
    const eta = Math.max(...active.map((j) => j.counts.etaSeconds ?? 0));
    this.item.text = `$(sync~spin) BatchAI ${done}/${total}`;
    this.item.tooltip = vscode.l10n.t('{0} BatchAI jobs running: {1} of {2} rows, about {3} left', active.length, done, total, formatDuration(eta));
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
