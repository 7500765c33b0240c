/**
 * The protocol's method and notification names under the short keys the extension uses. The names themselves, the
 * error codes and the protocol version are generated from src/Protocol (generated.ts): a name missing here, or one
 * here that the protocol lacks, does not compile.
 */
import { MethodName, NotificationName } from './generated';

export { ErrorCodes, ProtocolVersion } from './generated';
export type { ErrorCode, MethodName, NotificationName } from './generated';

export const Methods = {
  initialize: 'initialize',
  startJob: 'startJob',
  getJob: 'getJob',
  listJobs: 'listJobs',
  pauseJob: 'pauseJob',
  resumeJob: 'resumeJob',
  cancelJob: 'cancelJob',
  subscribeTokens: 'subscribeTokens',
  exportJob: 'exportJob',
  clearCache: 'clearCache',
  previewDataset: 'previewDataset',
  shutdown: 'shutdown',
  retryFailed: 'retryFailed',
  saveProfile: 'saveProfile',
  listProfiles: 'listProfiles',
  deleteProfile: 'deleteProfile',
  optimizePrompt: 'optimizePrompt',
  estimateJob: 'estimateJob',
  generateQuestions: 'generateQuestions',
  getRows: 'getRows',
  exportRequests: 'exportRequests',
  importResults: 'importResults',
} as const satisfies Record<string, MethodName>;

export const Notifications = {
  progress: 'job/progress',
  token: 'job/token',
  rowCompleted: 'job/rowCompleted',
  stateChanged: 'job/stateChanged',
  questionAccepted: 'job/questionAccepted',
} as const satisfies Record<string, NotificationName>;

// Compile-time completeness: every generated name has a key above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const methodsComplete: Same<(typeof Methods)[keyof typeof Methods], MethodName> = true;
const notificationsComplete: Same<(typeof Notifications)[keyof typeof Notifications], NotificationName> = true;
void methodsComplete;
void notificationsComplete;
