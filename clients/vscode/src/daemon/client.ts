import { Disposable, Emitter, Event, MessageConnection, ResponseError } from 'vscode-jsonrpc/node';
import { MethodName, Methods, NotificationName, Notifications } from '../protocol/methods';
import * as p from '../protocol/types';
import { MethodTypes, NotificationTypes } from '../protocol/types';

/** Each method's [params, result], from the generated MethodTypes. `void` params are sent as no parameter. */
export type RequestSignatures = { [M in MethodName]: [MethodTypes[M]['params'], MethodTypes[M]['result']] };

export type NotificationSignatures = NotificationTypes;

// Compile-time completeness: every protocol name has a signature and every signature a protocol name.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const requestsComplete: Same<keyof RequestSignatures, MethodName> = true;
const notificationsComplete: Same<keyof NotificationSignatures, NotificationName> = true;
void requestsComplete;
void notificationsComplete;

/** A daemon error a person can read: the daemon's own message, its code, and where the fault is. */
export class BatchAiError extends Error {
  constructor(
    message: string,
    readonly code?: number,
    readonly data?: p.ErrorData,
  ) {
    super(message);
    this.name = 'BatchAiError';
  }
}

/** Raised instead of sending when the connection to the daemon is gone. */
export class DaemonDisconnectedError extends BatchAiError {
  constructor() {
    super('The BatchAI daemon is not connected.');
    this.name = 'DaemonDisconnectedError';
  }
}

/**
 * The typed client over one JSON-RPC connection. It owns the connection: disposing it ends it.
 * It does not reconnect; the daemon module replaces the whole client when the daemon comes back.
 */
export class BatchAiClient implements Disposable {
  private readonly emitters: { [N in NotificationName]: Emitter<NotificationSignatures[N]> } = {
    'job/progress': new Emitter(),
    'job/token': new Emitter(),
    'job/rowCompleted': new Emitter(),
    'job/stateChanged': new Emitter(),
    'job/questionAccepted': new Emitter(),
  };
  private readonly closeEmitter = new Emitter<void>();
  private closed = false;

  readonly onProgress: Event<p.JobProgress> = this.emitters['job/progress'].event;
  readonly onToken: Event<p.JobToken> = this.emitters['job/token'].event;
  readonly onRowCompleted: Event<p.JobRowCompleted> = this.emitters['job/rowCompleted'].event;
  readonly onStateChanged: Event<p.JobStateChanged> = this.emitters['job/stateChanged'].event;
  readonly onQuestionAccepted: Event<p.JobQuestionAccepted> = this.emitters['job/questionAccepted'].event;
  /** Fires once when the connection ends (the daemon stopped, or this client was disposed). */
  readonly onClose: Event<void> = this.closeEmitter.event;

  constructor(private readonly connection: MessageConnection) {
    for (const name of Object.values(Notifications)) {
      const emitter = this.emitters[name] as Emitter<unknown>;
      connection.onNotification(name, (params: unknown) => emitter.fire(params));
    }
    connection.onClose(() => this.markClosed());
    connection.onError(() => undefined); // a broken stream also closes; onClose reports it
    connection.listen();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Names of the notifications this client listens to (the contract test compares them with protocol.json). */
  static get notificationNames(): string[] {
    return Object.values(Notifications);
  }

  static get methodNames(): string[] {
    return Object.values(Methods);
  }

  async request<M extends MethodName>(method: M, ...params: RequestSignatures[M][0] extends void ? [] : [RequestSignatures[M][0]]): Promise<RequestSignatures[M][1]> {
    if (this.closed) {
      throw new DaemonDisconnectedError();
    }
    try {
      return params.length === 0 ? await this.connection.sendRequest(method) : await this.connection.sendRequest(method, params[0]);
    } catch (e) {
      throw toBatchAiError(e, this.closed);
    }
  }

  initialize(params: p.InitializeParams): Promise<p.InitializeResult> {
    return this.request(Methods.initialize, params);
  }
  startJob(params: p.StartJobParams): Promise<p.StartJobResult> {
    return this.request(Methods.startJob, params);
  }
  getJob(jobId: string): Promise<p.JobInfo> {
    return this.request(Methods.getJob, { jobId });
  }
  listJobs(): Promise<p.ListJobsResult> {
    return this.request(Methods.listJobs);
  }
  pauseJob(jobId: string): Promise<p.JobInfo> {
    return this.request(Methods.pauseJob, { jobId });
  }
  resumeJob(params: p.ResumeJobParams): Promise<p.JobInfo> {
    return this.request(Methods.resumeJob, params);
  }
  cancelJob(jobId: string): Promise<p.JobInfo> {
    return this.request(Methods.cancelJob, { jobId });
  }
  subscribeTokens(jobId: string, enabled = true): Promise<p.JobInfo> {
    return this.request(Methods.subscribeTokens, { jobId, enabled });
  }
  exportJob(params: p.ExportJobParams): Promise<p.ExportJobResult> {
    return this.request(Methods.exportJob, params);
  }
  clearCache(): Promise<p.ClearCacheResult> {
    return this.request(Methods.clearCache);
  }
  previewDataset(params: p.PreviewDatasetParams): Promise<p.PreviewDatasetResult> {
    return this.request(Methods.previewDataset, params);
  }
  shutdown(): Promise<Record<string, never>> {
    return this.request(Methods.shutdown);
  }
  retryFailed(params: p.ResumeJobParams): Promise<p.JobInfo> {
    return this.request(Methods.retryFailed, params);
  }
  saveProfile(params: p.SaveProfileParams): Promise<p.SaveProfileParams> {
    return this.request(Methods.saveProfile, params);
  }
  listProfiles(): Promise<p.ListProfilesResult> {
    return this.request(Methods.listProfiles);
  }
  deleteProfile(name: string): Promise<p.DeleteProfileResult> {
    return this.request(Methods.deleteProfile, { name });
  }
  optimizePrompt(params: p.OptimizePromptParams): Promise<p.OptimizePromptResult> {
    return this.request(Methods.optimizePrompt, params);
  }
  estimateJob(params: p.EstimateJobParams): Promise<p.EstimateJobResult> {
    return this.request(Methods.estimateJob, params);
  }
  generateQuestions(params: p.GenerateQuestionsParams): Promise<p.StartJobResult> {
    return this.request(Methods.generateQuestions, params);
  }
  getRows(params: p.GetRowsParams): Promise<p.GetRowsResult> {
    return this.request(Methods.getRows, params);
  }
  exportRequests(params: p.ExportRequestsParams): Promise<p.ExportRequestsResult> {
    return this.request(Methods.exportRequests, params);
  }
  importResults(params: p.ImportResultsParams): Promise<p.ImportResultsResult> {
    return this.request(Methods.importResults, params);
  }

  dispose(): void {
    if (!this.closed) {
      this.connection.end();
      this.connection.dispose();
      this.markClosed();
    }
    for (const emitter of Object.values(this.emitters)) {
      emitter.dispose();
    }
    this.closeEmitter.dispose();
  }

  private markClosed(): void {
    if (!this.closed) {
      this.closed = true;
      this.closeEmitter.fire();
    }
  }
}

function toBatchAiError(e: unknown, closed: boolean): Error {
  if (e instanceof ResponseError) {
    return new BatchAiError(e.message, e.code, (e.data ?? undefined) as p.ErrorData | undefined);
  }
  if (closed) {
    return new DaemonDisconnectedError();
  }
  return e instanceof Error ? e : new Error(String(e));
}
