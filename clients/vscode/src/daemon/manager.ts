import * as vscode from 'vscode';
import { BatchAiClient } from './client';
import { connectOrStart, Connected } from './connector';
import { findDaemon } from './locate';
import { defaultPipeName } from './transport';
import { readSettings } from '../features/settings';
import { InitializeResult, JobProgress, JobQuestionAccepted, JobRowCompleted, JobStateChanged, JobToken } from '../protocol/types';
import { expandPath } from './locate';

const backoffMs = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Owns the connection to the daemon: connects to the one on the pipe or starts it, reconnects when it
 * restarts, and re-fires its notifications so features subscribe once for the window's lifetime.
 */
export class DaemonManager implements vscode.Disposable {
  private current?: Connected;
  private connecting?: Promise<Connected>;
  private reconnectTimer?: NodeJS.Timeout;
  private failures = 0;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly connectedEmitter = new vscode.EventEmitter<BatchAiClient>();
  private readonly disconnectedEmitter = new vscode.EventEmitter<void>();
  private readonly progressEmitter = new vscode.EventEmitter<JobProgress>();
  private readonly tokenEmitter = new vscode.EventEmitter<JobToken>();
  private readonly rowEmitter = new vscode.EventEmitter<JobRowCompleted>();
  private readonly stateEmitter = new vscode.EventEmitter<JobStateChanged>();
  private readonly questionEmitter = new vscode.EventEmitter<JobQuestionAccepted>();

  readonly onDidConnect = this.connectedEmitter.event;
  readonly onDidDisconnect = this.disconnectedEmitter.event;
  readonly onProgress = this.progressEmitter.event;
  readonly onToken = this.tokenEmitter.event;
  readonly onRowCompleted = this.rowEmitter.event;
  readonly onStateChanged = this.stateEmitter.event;
  readonly onQuestionAccepted = this.questionEmitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly version: string,
    readonly log: vscode.OutputChannel,
    private readonly onFailure: (e: unknown) => void,
  ) {
    this.disposables.push(
      this.connectedEmitter,
      this.disconnectedEmitter,
      this.progressEmitter,
      this.tokenEmitter,
      this.rowEmitter,
      this.stateEmitter,
      this.questionEmitter,
    );
  }

  get info(): InitializeResult | undefined {
    return this.current?.info;
  }

  get isConnected(): boolean {
    return !!this.current && !this.current.client.isClosed;
  }

  /** The connected client, connecting (or starting the daemon) first if needed. Rejects with a reportable error. */
  async client(): Promise<BatchAiClient> {
    if (this.current && !this.current.client.isClosed) {
      return this.current.client;
    }
    return (await this.connect()).client;
  }

  /** Drops the connection and connects again (after settings changed). */
  async reconnect(): Promise<void> {
    const old = this.current;
    this.current = undefined;
    old?.client.dispose();
    await this.connect();
  }

  private connect(): Promise<Connected> {
    if (!this.connecting) {
      this.connecting = this.doConnect().finally(() => (this.connecting = undefined));
    }
    return this.connecting;
  }

  private async doConnect(): Promise<Connected> {
    const settings = readSettings();
    const found = findDaemon(settings.daemonPath, this.extensionPath);
    const pipeName = settings.pipeName ?? process.env.BATCHAI_PIPE ?? defaultPipeName();
    const connected = await connectOrStart({
      pipeName,
      executable: found.path,
      tried: found.tried,
      dataDirectory: settings.dataDirectory ? expandPath(settings.dataDirectory) : undefined,
      clientName: 'vscode',
      clientVersion: this.version,
      onLog: (line) => this.log.appendLine(line),
    });
    if (this.disposed) {
      connected.client.dispose();
      throw new Error('disposed');
    }
    this.log.appendLine(
      `[client] connected (${connected.via}) to batchai ${connected.info.daemonVersion}, data directory ${connected.info.dataDirectory}`,
    );
    for (const notice of connected.info.notices ?? []) {
      void vscode.window.showWarningMessage(vscode.l10n.t('BatchAI daemon: {0}', notice));
    }
    const client = connected.client;
    client.onProgress((p) => this.progressEmitter.fire(p));
    client.onToken((t) => this.tokenEmitter.fire(t));
    client.onRowCompleted((r) => this.rowEmitter.fire(r));
    client.onStateChanged((s) => this.stateEmitter.fire(s));
    client.onQuestionAccepted((q) => this.questionEmitter.fire(q));
    client.onClose(() => this.closed(connected));
    this.current = connected;
    this.failures = 0;
    this.connectedEmitter.fire(client);
    return connected;
  }

  private closed(connection: Connected): void {
    if (this.disposed || this.current !== connection) {
      return;
    }
    this.current = undefined;
    this.log.appendLine('[client] the daemon connection closed; reconnecting');
    this.disconnectedEmitter.fire();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.disposed || this.reconnectTimer) {
      return;
    }
    const delay = backoffMs[Math.min(this.failures, backoffMs.length - 1)];
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().catch((e) => {
        this.failures++;
        this.log.appendLine(`[client] reconnect failed: ${e instanceof Error ? e.message : String(e)}`);
        if (this.failures === 3) {
          this.onFailure(e); // say it once, not at every attempt
        }
        this.scheduleReconnect();
      });
    }, delay);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    // The daemon keeps running (jobs go on, other clients share it); only this window's connection ends.
    this.current?.client.dispose();
    this.current = undefined;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
