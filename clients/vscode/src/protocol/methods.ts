/**
 * The protocol's method and notification names, mirroring src/Protocol/Methods.cs and Notifications.cs.
 * A test compares both lists with src/Protocol/protocol.json, so a method added on one side only fails CI.
 */
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
} as const;

export const Notifications = {
  progress: 'job/progress',
  token: 'job/token',
  rowCompleted: 'job/rowCompleted',
  stateChanged: 'job/stateChanged',
  questionAccepted: 'job/questionAccepted',
} as const;

export type MethodName = (typeof Methods)[keyof typeof Methods];
export type NotificationName = (typeof Notifications)[keyof typeof Notifications];

export const ProtocolVersion = 1;

/** Error codes of src/Protocol/ErrorCodes.cs. */
export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  JobNotFound: 1001,
  InvalidJobState: 1002,
  ProviderConfig: 1003,
  ShuttingDown: 1004,
  InputNotFound: 1010,
  UnsupportedFormat: 1011,
  InvalidInput: 1012,
  ColumnNotFound: 1013,
  OutputError: 1014,
} as const;
