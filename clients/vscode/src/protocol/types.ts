/**
 * The wire shapes of src/Protocol (camelCase JSON of its C# records). Optional fields are those the
 * records default or that the daemon may omit; clients must ignore fields they do not know.
 */

export type JobState = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** Absent means `answer`: jobs recorded before question generation existed. */
export type JobKind = 'answer' | 'generate';

export interface ErrorData {
  file?: string | null;
  row?: number | null;
  field?: string | null;
  jobId?: string | null;
}

export interface InitializeParams {
  clientName?: string;
  clientVersion?: string;
  protocolVersion?: number;
}

export interface Capabilities {
  inputFormats: string[];
  outputFormats: string[];
  methods: string[];
  notifications: string[];
}

export interface InitializeResult {
  daemonVersion: string;
  protocolVersion: number;
  capabilities: Capabilities;
  dataDirectory: string;
  notices?: string[] | null;
}

export interface ProviderConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  apiKeyEnv?: string;
}

export interface EndpointConfig extends ProviderConfig {
  name?: string;
  weight?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  maxConcurrent?: number;
}

export interface CleaningOptions {
  html?: boolean;
  invisible?: boolean;
  whitespace?: boolean;
  repeatedPunctuation?: boolean;
  cjkPunctuation?: boolean;
  fullwidthAscii?: boolean;
  skipEmpty?: boolean;
  skipDuplicates?: boolean;
}

/** Exactly one of `provider`, `endpoints` and `profile`. */
export interface ModelChoice {
  provider?: ProviderConfig;
  endpoints?: EndpointConfig[];
  profile?: string;
}

export interface StartJobParams extends ModelChoice {
  input: string;
  output?: string;
  format?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  column?: string;
  template?: string;
  concurrency?: number;
  streamTokens?: boolean;
  sheet?: string;
  cache?: boolean;
  cleaning?: CleaningOptions;
  encoding?: string;
  delimiter?: string;
  skipBadRows?: boolean;
  /** Pause the job once it has spent this many tokens or this much money (priced from the daemon's prices.json). */
  budget?: JobBudget | null;
}

export interface JobBudget {
  maxTokens?: number | null;
  maxCost?: number | null;
}

export interface StartJobResult {
  jobId: string;
  output: string;
}

export interface JobCounts {
  total: number;
  totalKnown: boolean;
  done: number;
  failed: number;
  skipped: number;
  inFlight: number;
  pending: number;
  promptTokens: number;
  completionTokens: number;
  rowsPerSecond: number;
  etaSeconds?: number | null;
  cached?: number;
  /** Tokens of rows answered by a request (the cache's answers are free): what a budget counts. */
  spentTokens?: number;
  /** What the job has cost so far, each answer at its model's price, when prices.json prices every model of the job in one currency. */
  cost?: number | null;
  currency?: string | null;
}

export interface EndpointStatus {
  name: string;
  baseUrl: string;
  model: string;
  requests: number;
  errors: number;
  rateLimited: number;
  inFlight: number;
  concurrencyLimit: number;
  circuit: 'closed' | 'open' | 'halfOpen' | string;
  requestsPerMinute?: number | null;
  tokensPerMinute?: number | null;
}

export interface CleaningSummary {
  rows: number;
  changed: Record<string, number>;
  empty: number;
  duplicates: number;
}

export interface JobInfo {
  jobId: string;
  state: JobState;
  /** For `generate` jobs `input` is the seed prompt and the counts are questions (total asked, done accepted). */
  kind?: JobKind;
  input: string;
  output: string;
  format: string;
  model: string;
  baseUrl: string;
  counts: JobCounts;
  createdAt: string;
  finishedAt?: string | null;
  lastError?: string | null;
  endpoints?: EndpointStatus[] | null;
  cleaning?: CleaningSummary | null;
  budget?: JobBudget | null;
  /** The job has spent its budget: paused until resumeJob gives it a higher one. */
  budgetReached?: boolean;
}

export interface JobIdParams {
  jobId: string;
}

export interface ResumeJobParams extends JobIdParams {
  apiKey?: string;
  apiKeys?: Record<string, string>;
  /** Replaces the job's budget (`{}` lifts it). */
  budget?: JobBudget | null;
}

export interface SubscribeTokensParams extends JobIdParams {
  enabled?: boolean;
}

export interface ListJobsResult {
  jobs: JobInfo[];
}

export interface ExportJobParams extends JobIdParams {
  output?: string;
  format?: string;
  include?: string[];
}

export interface ExportJobResult {
  output: string;
  format: string;
  rows: number;
}

export type RowState = 'pending' | 'inFlight' | 'done' | 'failed' | 'skipped';

/** getRows: one page of a job's rows from the ledger, in input order. */
export interface GetRowsParams {
  jobId: string;
  /** Only rows in this state (any case); default every row. */
  state?: RowState;
  /** The first row index to consider; pass the previous page's `next` to go on. */
  from?: number;
  /** 1 to 1,000; default 100. */
  limit?: number;
}

/** A row as the ledger holds it now. */
export interface JobRow {
  row: number;
  state: RowState;
  /** As sent: cleaned, or the template rendered. */
  prompt: string;
  answer?: string | null;
  reasoning?: string | null;
  error?: string | null;
  finishReason?: string | null;
  attempts: number;
  promptTokens?: number | null;
  completionTokens?: number | null;
  /** Done rows: the model that answered, and the endpoint (its name, else host and path; never a key). */
  model?: string | null;
  endpoint?: string | null;
}

export interface GetRowsResult {
  rows: JobRow[];
  /** The `from` of the next page; absent when no further row matches. */
  next?: number | null;
}

export interface ClearCacheResult {
  removed: number;
}

export interface PreviewDatasetParams {
  input: string;
  sheet?: string;
  column?: string;
  template?: string;
  cleaning?: CleaningOptions;
  rows?: number;
  encoding?: string;
  delimiter?: string;
}

export interface PreviewRow {
  index: number;
  row?: number | null;
  cells: (string | null)[];
  raw: string;
  cleaned: string;
  rules: string[];
  skip?: string | null;
}

export interface BadRow {
  row: number;
  error: string;
}

export interface PreviewDatasetResult {
  input: string;
  format: string;
  encoding?: string | null;
  delimiter?: string | null;
  sheets?: string[] | null;
  sheet?: string | null;
  columns: string[];
  promptColumn?: string | null;
  template?: string | null;
  rowCount: number;
  rowCountExact: boolean;
  rows: PreviewRow[];
  cleaning: CleaningSummary;
  badRows: BadRow[];
  raggedRows?: number;
  firstRaggedRow?: number | null;
}

export interface SaveProfileParams {
  name: string;
  endpoints: EndpointConfig[];
  concurrency?: number | null;
  systemPrompt?: string | null;
  temperature?: number | null;
  maxTokens?: number | null;
}

export interface ListProfilesResult {
  profiles: SaveProfileParams[];
}

export interface ProfileNameParams {
  name: string;
}

export interface DeleteProfileResult {
  deleted: boolean;
}

export interface OptimizePromptParams {
  prompt: string;
  provider: ProviderConfig;
  purpose?: 'seed' | string;
}

export interface OptimizePromptResult {
  original: string;
  prompt: string;
  promptTokens?: number | null;
  completionTokens?: number | null;
}

export interface EstimateCost {
  currency: string;
  /** For a pool of several models, their names joined with " + ". */
  model: string;
  input: number;
  output: number;
  total: number;
  /** A pool of several models: the total with every row on the cheapest, and on the dearest. */
  low?: number | null;
  high?: number | null;
}

export interface EstimateJobResult {
  rows: number;
  rowsToSend: number;
  promptTokens: number;
  completionTokens: number;
  completionBasis: string;
  tokenizer: string;
  cost?: EstimateCost | null;
  seconds?: number | null;
  note?: string | null;
  pilot?: EstimatePilot | null;
}

/** startJob's options, plus a pilot: this many rows really sent to measure the answers' length. */
export interface EstimateJobParams extends StartJobParams {
  pilot?: number;
}

export interface EstimatePilot {
  rows: number;
  sent: number;
  promptTokens: number;
  completionTokens: number;
  spent: number;
  cost?: number | null;
  failed?: number;
}

/** Question generation: a job like any other (progress counts.total = count, counts.done = accepted). */
export interface GenerateQuestionsParams extends ModelChoice {
  seedPrompt: string;
  count: number;
  systemPrompt?: string;
  temperature?: number;
  batchSize?: number;
  concurrency?: number;
  /** .csv, .jsonl or .xlsx picks the format; the file has one column, `question`. */
  output?: string;
  /** Near-duplicate threshold, 0 to 1. */
  similarity?: number;
  /** The most requests before the job stops with what it has. */
  maxRequests?: number;
}

// Notifications

export interface JobProgress {
  jobId: string;
  state: JobState;
  counts: JobCounts;
  droppedTokenMessages?: number;
}

export interface JobToken {
  jobId: string;
  row: number;
  text: string;
  reasoning?: boolean;
  reset?: boolean;
}

export interface JobRowCompleted {
  jobId: string;
  row: number;
  succeeded: boolean;
  answer?: string | null;
  error?: string | null;
  finishReason?: string | null;
  attempts: number;
  promptTokens?: number | null;
  completionTokens?: number | null;
  /** The model that wrote the answer (in a pool, the one whose endpoint answered); absent for a failed row or from an older daemon. */
  model?: string | null;
}

export interface JobStateChanged {
  jobId: string;
  state: JobState;
  previousState: JobState;
  message?: string | null;
}

export interface JobQuestionAccepted {
  jobId: string;
  index: number;
  question: string;
}

export const finishedStates: readonly JobState[] = ['completed', 'failed', 'cancelled'];

export function isFinished(state: JobState): boolean {
  return finishedStates.includes(state);
}
