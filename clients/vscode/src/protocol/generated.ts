// Generated from src/Protocol/protocol.json by scripts/generate-protocol.mjs: do not edit.
// Regenerate (from the repository root): BATCHAI_UPDATE_SNAPSHOT=1 dotnet test tests/Daemon.Tests --filter FullyQualifiedName~ProtocolSchemaTests && npm --prefix clients/vscode run generate:protocol

/** BatchAI daemon protocol: JSON-RPC 2.0. methodTypes and notificationTypes name each message's params and result; $defs holds every type. Names are camelCase, enums are strings, numbers are JSON numbers. The daemon leaves out a field that is null; a field not listed as required may be absent. Clients must ignore fields they do not know. */
export const ProtocolVersion = 1;

export const MethodNames = [
  'initialize',
  'startJob',
  'getJob',
  'listJobs',
  'pauseJob',
  'resumeJob',
  'cancelJob',
  'subscribeTokens',
  'exportJob',
  'clearCache',
  'previewDataset',
  'shutdown',
  'retryFailed',
  'saveProfile',
  'listProfiles',
  'deleteProfile',
  'optimizePrompt',
  'estimateJob',
  'generateQuestions',
  'getRows',
  'exportRequests',
  'importResults',
] as const;

export type MethodName = (typeof MethodNames)[number];

export const NotificationNames = [
  'job/progress',
  'job/token',
  'job/rowCompleted',
  'job/stateChanged',
  'job/questionAccepted',
] as const;

export type NotificationName = (typeof NotificationNames)[number];

/** What each method takes and answers (`void`: no params; `Record<string, never>`: `{}`). */
export interface MethodTypes {
  /** Handshake: `InitializeParams` → `InitializeResult`. */
  initialize: { params: InitializeParams; result: InitializeResult };
  /** Starts a job: `StartJobParams` → `StartJobResult`. */
  startJob: { params: StartJobParams; result: StartJobResult };
  /** One job's state and counts: `JobIdParams` → `JobInfo`. */
  getJob: { params: JobIdParams; result: JobInfo };
  /** Every job the daemon's ledger holds, newest first: → `ListJobsResult`. */
  listJobs: { params: void; result: ListJobsResult };
  /** Pauses a running job; rows in flight finish or go back to pending: `JobIdParams` → `JobInfo`. */
  pauseJob: { params: JobIdParams; result: JobInfo };
  /** Resumes a paused, interrupted or failed job, sending only rows that are not done: `ResumeJobParams` → `JobInfo`. */
  resumeJob: { params: ResumeJobParams; result: JobInfo };
  /** Cancels a job; its answers so far stay in the ledger and are exported: `JobIdParams` → `JobInfo`. */
  cancelJob: { params: JobIdParams; result: JobInfo };
  /** Asks for (or stops) `job/token` notifications of one job on this connection: `SubscribeTokensParams`. */
  subscribeTokens: { params: SubscribeTokensParams; result: JobInfo };
  /** Writes a job's output again from the ledger: `ExportJobParams` → `ExportJobResult`. */
  exportJob: { params: ExportJobParams; result: ExportJobResult };
  /** Empties the response cache (answers reused across jobs by request fingerprint): → `ClearCacheResult`. */
  clearCache: { params: void; result: ClearCacheResult };
  /** Reads a dataset without starting a job: detected format, encoding, delimiter, sheets, columns, a row count, and the leading rows raw and cleaned: `PreviewDatasetParams` → `PreviewDatasetResult`. */
  previewDataset: { params: PreviewDatasetParams; result: PreviewDatasetResult };
  /** Stops the daemon: running jobs are checkpointed and marked interrupted. */
  shutdown: { params: void; result: Record<string, never> };
  /** Sends a job's failed rows again (attempts kept) and rewrites its output at the end: `ResumeJobParams` → `JobInfo`. */
  retryFailed: { params: ResumeJobParams; result: JobInfo };
  /** Stores a named endpoint pool for `startJob { profile }`: `SaveProfileParams` → `SaveProfileParams` as stored. */
  saveProfile: { params: SaveProfileParams; result: SaveProfileParams };
  /** Every stored profile: → `ListProfilesResult`. */
  listProfiles: { params: void; result: ListProfilesResult };
  /** Removes a profile: `ProfileNameParams` → `DeleteProfileResult`. */
  deleteProfile: { params: ProfileNameParams; result: DeleteProfileResult };
  /** Rewrites a system or seed prompt to be clearer and more specific, for the user to accept or not: `OptimizePromptParams` → `OptimizePromptResult`. */
  optimizePrompt: { params: OptimizePromptParams; result: OptimizePromptResult };
  /** What a job would cost (tokens, price, time at the limits), before anything is spent or after a pilot of a few rows: `EstimateJobParams` → `EstimateJobResult`. */
  estimateJob: { params: EstimateJobParams; result: EstimateJobResult };
  /** Writes a question set from a seed prompt, as a job: `GenerateQuestionsParams` → `StartJobResult`. */
  generateQuestions: { params: GenerateQuestionsParams; result: StartJobResult };
  /** One page of a job's rows from the ledger, any state, while it runs or after: `GetRowsParams` → `GetRowsResult`. */
  getRows: { params: GetRowsParams; result: GetRowsResult };
  /** Writes a job's pending rows as OpenAI batch request files (JSONL, `custom_id``JOBID:ROW`), for a runner of one's own (vLLM `run_batch`, Ray Data): `ExportRequestsParams` → `ExportRequestsResult`. */
  exportRequests: { params: ExportRequestsParams; result: ExportRequestsResult };
  /** Folds a batch run's output (or error) file into the job's rows by `custom_id`, each line checked, refused lines listed with the reason: `ImportResultsParams` → `ImportResultsResult`. */
  importResults: { params: ImportResultsParams; result: ImportResultsResult };
}

/** The params of each notification. */
export interface NotificationTypes {
  /** Counts, rate and ETA of a job, at most a few per second per job: `JobProgress`. */
  'job/progress': JobProgress;
  /** Streamed answer text of one row, coalesced; only to connections that subscribed to the job's tokens: `JobToken`. */
  'job/token': JobToken;
  /** A row reached done or failed: `JobRowCompleted`. */
  'job/rowCompleted': JobRowCompleted;
  /** A job changed state: `JobStateChanged`. */
  'job/stateChanged': JobStateChanged;
  /** A generate job accepted a question: `JobQuestionAccepted`. */
  'job/questionAccepted': JobQuestionAccepted;
}

/**
 * A row that cannot be read.
 */
export interface BadRow {
  /**
   * Where it is, as a person counts it (CSV/JSONL line, spreadsheet row).
   */
  row: number;
  /**
   * Why, naming the file and the row.
   */
  error: string;
}

/**
 * How a `batch` or `auto` job (`JobModes`) uses the provider's Batch API. Every field has a default.
 */
export interface BatchOptions {
  /**
   * The most request lines in one file, and so in one batch (default 50,000, OpenAI's limit).
   */
  maxLines?: number | null;
  /**
   * The largest request file in bytes (default 200 MB, OpenAI's limit).
   */
  maxBytes?: number | null;
  /**
   * The window the provider is given, as its API spells it (default `24h`).
   */
  completionWindow?: string | null;
  /**
   * For `auto`: when the answers are needed (UTC). When the completion window ends before it, every row goes by batch; otherwise rows go online while the endpoints have room.
   */
  deadline?: string | null;
  /**
   * The first wait between two polls of a batch (default 5 s); it grows to at most 5 minutes while nothing changes.
   */
  pollSeconds?: number | null;
}

/** The states of a batch job's request file and its batch (`state`), in the order they pass. */
export const BatchStates = {
  /** The request file is written; its rows are `submitted`. */
  Written: 'written',
  /** The file is uploaded (`fileId`); no batch yet. */
  Uploaded: 'uploaded',
  /** The provider checks the file. */
  Validating: 'validating',
  /** The provider answers the lines. */
  InProgress: 'in_progress',
  /** The provider writes the output and error files. */
  Finalizing: 'finalizing',
  /** Finished at the provider (completed, expired or cancelled there); its output not yet folded. */
  Ended: 'ended',
  /** Cancel asked of the provider; the lines it answered meanwhile are kept. */
  Cancelling: 'cancelling',
  /** Every line folded into its row; lines that failed for a passing reason or expired went back to pending. */
  Folded: 'folded',
  /** The provider refused the batch (e.g. validation); its rows went back to pending, or failed when the refusal is for good. `error` says why. */
  Failed: 'failed',
} as const;

export type BatchState = (typeof BatchStates)[keyof typeof BatchStates];

/**
 * One request file of a batch job and the provider's batch made of it, as `batches` lists them.
 */
export interface BatchStatus {
  /**
   * The file's number in the job, from 1.
   */
  seq: number;
  /**
   * Where it stands: one of `BatchStates`.
   */
  state: string;
  /**
   * Request lines (rows) in the file.
   */
  lines: number;
  /**
   * The file's size.
   */
  bytes: number;
  /**
   * The uploaded file's id (`file-...`), once uploaded.
   */
  fileId?: string | null;
  /**
   * The provider's batch id (`batch_...`), once created.
   */
  batchId?: string | null;
  /**
   * Lines the provider has answered, from the batch's `request_counts`.
   */
  completed: number;
  /**
   * Lines the provider failed, from the batch's `request_counts`.
   */
  failed: number;
  /**
   * Why the batch failed (validation errors, with the provider's code), or why the daemon stopped on it.
   */
  error?: string | null;
  /**
   * When its state last changed (UTC).
   */
  updatedAt: string;
}

/**
 * What a daemon can do, so a client can adapt without probing.
 */
export interface Capabilities {
  /**
   * File extensions the daemon reads, e.g. `csv`.
   */
  inputFormats: string[];
  /**
   * Output formats, e.g. `jsonl`.
   */
  outputFormats: string[];
  /**
   * Every method the daemon answers.
   */
  methods: string[];
  /**
   * Every notification the daemon may send.
   */
  notifications: string[];
}

/**
 * Which cleaning rules run on the text of the prompt columns. Every member is optional: null means the default, which is on.
 */
export interface CleaningOptions {
  /**
   * Rule `html`: tags removed by a tag-aware scanner (so `x < 3` survives), entities decoded, `<br>`/`<p>` become line breaks.
   */
  html?: boolean | null;
  /**
   * Rule `invisible`: zero-width characters, BOMs, soft hyphens, bidi marks, lone surrogates and other invisible code points removed.
   */
  invisible?: boolean | null;
  /**
   * Rule `whitespace`: runs of spaces collapsed, lines trimmed, line breaks kept (at most one blank line in a row).
   */
  whitespace?: boolean | null;
  /**
   * Rule `repeated-punctuation`: `！！！` → `！`, `???` → `?`; an ellipsis (`...`, `……`) stays one.
   */
  repeatedPunctuation?: boolean | null;
  /**
   * Rule `cjk-punctuation`: half-width `, ? ! : ;` right after a CJK character become full-width; stray full-width punctuation in Latin text becomes half-width.
   */
  cjkPunctuation?: boolean | null;
  /**
   * Rule `fullwidth-ascii`: full-width letters and digits (`ＡＢＣ１２３`) become ASCII.
   */
  fullwidthAscii?: boolean | null;
  /**
   * Skip a row whose prompt columns are all empty after cleaning (stored as skipped, with the reason). A prompt with no text at all is never sent.
   */
  skipEmpty?: boolean | null;
  /**
   * Skip a row whose prompt, after cleaning, equals an earlier row's (stored as skipped: "duplicate of row N").
   */
  skipDuplicates?: boolean | null;
  /**
   * Rule `control`: control characters removed (a stray NUL, bell or escape from a database dump; C0 but tab and line breaks, DEL, C1 but NEL). It runs first.
   */
  control?: boolean | null;
}

/**
 * What cleaning did over a number of rows.
 */
export interface CleaningSummary {
  /**
   * The rows this summary covers: all of them when the row count is exact, else those read.
   */
  rows: number;
  /**
   * For each rule id (`control`, `html`, `invisible`, `whitespace`, `repeated-punctuation`, `cjk-punctuation`, `fullwidth-ascii`), how many rows it changed; rules that are off are absent.
   */
  changed: {
    [k: string]: number;
  };
  /**
   * Rows skipped because their prompt columns are empty.
   */
  empty: number;
  /**
   * Rows skipped as duplicates of an earlier row.
   */
  duplicates: number;
}

/**
 * Result of `clearCache`.
 */
export interface ClearCacheResult {
  /**
   * How many stored answers were removed from the response cache. Jobs keep their own answers.
   */
  removed: number;
}

/**
 * Result of `deleteProfile`.
 */
export interface DeleteProfileResult {
  /**
   * False when there was no profile of that name.
   */
  deleted: boolean;
}

/**
 * One endpoint of a job's pool (or of a profile): where to send, with what key, how much of the work, and its limits.
 */
export interface EndpointConfig {
  /**
   * The API's base URL, e.g. `https://api.openai.com/v1`.
   */
  baseUrl: string;
  /**
   * The model (or Ark endpoint id) to ask.
   */
  model: string;
  /**
   * A name for messages, statistics and `resumeJob`'s `apiKeys`; default `endpoint1`, `endpoint2`... by position.
   */
  name?: string | null;
  /**
   * The key itself, held in memory only. A profile refuses it: profiles name a variable instead.
   */
  apiKey?: string | null;
  /**
   * The name of an environment variable of the daemon that holds the key.
   */
  apiKeyEnv?: string | null;
  /**
   * Its share of the work relative to the others (default 1): requests go where outstanding ÷ weight is least.
   */
  weight?: number | null;
  /**
   * The provider's request limit, if known; otherwise learned from `x-ratelimit-*` headers.
   */
  requestsPerMinute?: number | null;
  /**
   * The provider's token limit (prompt + `max_tokens`, corrected from reported usage), if known.
   */
  tokensPerMinute?: number | null;
  /**
   * The most requests in flight at this endpoint; the adaptive limit never goes above it.
   */
  maxConcurrent?: number | null;
  /**
   * How this endpoint names the answer's token cap: `max_completion_tokens` (OpenAI) or `max_tokens` (DeepSeek, Volcengine Ark, DashScope, Ollama, older vLLM). Default: known from the base URL, else `max_completion_tokens`; a 400 naming the parameter as unknown switches it and the row is sent again.
   */
  maxTokensParameter?: string | null;
}

/**
 * One endpoint's live statistics for the job's current (or last) run.
 */
export interface EndpointStatus {
  /**
   * The endpoint's name.
   */
  name: string;
  /**
   * Its base URL.
   */
  baseUrl: string;
  /**
   * Its model.
   */
  model: string;
  /**
   * Requests sent (every attempt counts).
   */
  requests: number;
  /**
   * Requests that failed, 429s included.
   */
  errors: number;
  /**
   * Requests answered 429.
   */
  rateLimited: number;
  /**
   * Requests outstanding now.
   */
  inFlight: number;
  /**
   * The adaptive concurrency limit now.
   */
  concurrencyLimit: number;
  /**
   * `closed` (sending), `open` (taken out after repeated failures), or `halfOpen` (a trial request may go).
   */
  circuit: string;
  /**
   * The request rate it is held to, configured or learned from the provider's headers; null when unlimited.
   */
  requestsPerMinute?: number | null;
  /**
   * The token rate it is held to, configured or learned; null when unlimited.
   */
  tokensPerMinute?: number | null;
}

/** Every error code the daemon returns, in one place. The JSON-RPC error's `data` is an `ErrorData` naming the file, row or field at fault. The daemon's own codes are positive: JSON-RPC reserves -32768..-32000, and libraries (StreamJsonRpc among them) give meanings of their own to codes in -32099..-32000. */
export const ErrorCodes = {
  /** The frame's body is not valid JSON (JSON-RPC standard). */
  ParseError: -32700,
  /** Valid JSON that is not a JSON-RPC request (JSON-RPC standard). */
  InvalidRequest: -32600,
  /** No such method (JSON-RPC standard). */
  MethodNotFound: -32601,
  /** A parameter is missing, of the wrong type or out of range; `data.field` names it (JSON-RPC standard). */
  InvalidParams: -32602,
  /** An unexpected failure inside the daemon (JSON-RPC standard). */
  InternalError: -32603,
  /** No job has that id in this daemon's data directory. */
  JobNotFound: 1001,
  /** The job is not in a state that allows the request (e.g. resuming a completed job). */
  InvalidJobState: 1002,
  /** The provider configuration is unusable (no model, a bad base URL, a key variable that is not set). */
  ProviderConfig: 1003,
  /** The daemon is shutting down and takes no new work. */
  ShuttingDown: 1004,
  /** The input file does not exist; `data.file` names it. */
  InputNotFound: 1010,
  /** The file's extension is not one the daemon reads; the message lists those it does. */
  UnsupportedFormat: 1011,
  /** The file or one of its rows cannot be read; `data.file` and `data.row` say where. */
  InvalidInput: 1012,
  /** The column asked for is not in the file; the message lists the columns there are. */
  ColumnNotFound: 1013,
  /** The output file cannot be written; `data.file` names it. */
  OutputError: 1014,
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * The `data` of a JSON-RPC error: where the fault is. Fields that do not apply are omitted.
 */
export interface ErrorData {
  /**
   * The file at fault.
   */
  file?: string | null;
  /**
   * The row at fault, counted as a person counts it (the CSV/JSONL line, the spreadsheet row).
   */
  row?: number | null;
  /**
   * The request field at fault, e.g. `provider.baseUrl`.
   */
  field?: string | null;
  /**
   * The job concerned.
   */
  jobId?: string | null;
}

/**
 * A job's expected cost, from the user's price table (prices per million tokens).
 */
export interface EstimateCost {
  /**
   * The table's currency, e.g. `USD` or `CNY`.
   */
  currency: string;
  /**
   * The model priced; for a pool of several models, their names joined with " + ".
   */
  model: string;
  /**
   * Cost of the prompt tokens.
   */
  input: number;
  /**
   * Cost of the expected answer tokens.
   */
  output: number;
  /**
   * Input plus output. For a pool of several models, each model's share of the rows is its endpoints' share of the weights.
   */
  total: number;
  /**
   * For a pool of several models: the total if every row went to the cheapest.
   */
  low?: number | null;
  /**
   * For a pool of several models: the total if every row went to the dearest (what a budget must allow for).
   */
  high?: number | null;
}

/**
 * Parameters of `estimateJob`: every option of `startJob` (one flat object, so a client that sends `startJob`'s options is understood as before), and `pilot`.
 */
export interface EstimateJobParams {
  /**
   * Really send this many rows (1 to 100) to measure the answers' length instead of assuming it; the answers are kept in the response cache, so the job does not pay for them again. Absent: nothing is sent.
   */
  pilot?: number | null;
  /**
   * Path of an .xlsx, .xls, .csv, .tsv, .json or .jsonl file of questions.
   */
  input: string;
  /**
   * Where to send the questions: one endpoint. Give exactly one of `provider`, `endpoints` and `profile`.
   */
  provider?: ProviderConfig | null;
  /**
   * Where to write answers; default next to the input, e.g. `questions.answers.jsonl`.
   */
  output?: string | null;
  /**
   * Output format: `jsonl` (default), `json` or `csv`.
   */
  format?: string | null;
  /**
   * A system message sent before every question.
   */
  systemPrompt?: string | null;
  /**
   * Sampling temperature.
   */
  temperature?: number | null;
  /**
   * The most tokens an answer may have.
   */
  maxTokens?: number | null;
  /**
   * The question column, by name or 0-based index; default a column named like question/问题/prompt, else the first. Not with `template`.
   */
  column?: string | null;
  /**
   * The most rows in flight at once (default 8).
   */
  concurrency?: number | null;
  /**
   * Subscribes this connection to the job's `job/token` notifications from its first token.
   */
  streamTokens?: boolean | null;
  /**
   * For a spreadsheet: the sheet, by name or 0-based index (default the first).
   */
  sheet?: string | null;
  /**
   * Several endpoints to share the rows (a pool): each row goes to the one with the most free capacity.
   */
  endpoints?: EndpointConfig[] | null;
  /**
   * The name of a profile stored with `saveProfile`, to use its endpoints and defaults.
   */
  profile?: string | null;
  /**
   * Reuse a stored answer for a request asked before with the same model, messages and parameters, in any job (default true); false asks again.
   */
  cache?: boolean | null;
  /**
   * Builds each prompt from several columns, e.g. `{{title}}\n\n{{body}}`; a column it names that the file lacks is an error. Not with `column`.
   */
  template?: string | null;
  /**
   * Which cleaning rules run on the prompt columns (default: all, with empty and duplicate rows skipped).
   */
  cleaning?: CleaningOptions | null;
  /**
   * Text encoding of a CSV/TSV/JSON/JSONL file, e.g. `gb18030` (default: detected).
   */
  encoding?: string | null;
  /**
   * CSV field delimiter, one character or `tab` (default: detected).
   */
  delimiter?: string | null;
  /**
   * Store rows that cannot be read (a broken JSONL line, a malformed CSV record, a cell too large) as skipped with the reason, instead of refusing the file.
   */
  skipBadRows?: boolean | null;
  /**
   * The most the job may spend, in tokens or money; reaching it pauses the job, and `resumeJob` with a higher budget lets it go on.
   */
  budget?: JobBudget | null;
  /**
   * The column holding each row's image: a path relative to the dataset, a `file:` URL or an http(s) URL (a JSON list for several); default a column named image, images, image_path, image_url, img or 图片. A row with an image is sent to the model as a text part and image parts.
   */
  imageColumn?: string | null;
  /**
   * The largest local image sent, in bytes (default 20 MB); a larger one fails its row, naming it.
   */
  maxImageBytes?: number | null;
  /**
   * How the rows are answered: `online` (default), `batch`, `auto` or `offline` (see `JobModes`).
   */
  mode?: string | null;
  /**
   * Assistant turns per row, 1 to 50 (default 1: one answer). Above 1, a user simulator (`userSimulator`) writes the user's next message after each assistant turn but the last, so a seed question or a conversation grows into a conversation of this many assistant turns; each turn is a request of its own, checkpointed in the ledger.
   */
  turns?: number | null;
  /**
   * The model that plays the user when `turns` is above 1 (default: the job's own endpoints and model, with a built-in system prompt).
   */
  userSimulator?: UserSimulatorConfig | null;
  /**
   * Structured answers: a JSON Schema every answer must match, validated here and asked again when it does not.
   */
  responseFormat?: ResponseFormatOptions | null;
  /**
   * For `batch` and `auto` modes: file limits, completion window, deadline, polling.
   */
  batch?: BatchOptions | null;
  /**
   * Answers per row and model, 1 to 16 (default 1). Sent as the provider's `n` where the endpoint takes it (the prompt is paid once), else as that many requests. Every answer is kept (`answers`).
   */
  samples?: number | null;
  /**
   * Each row is answered by every model of this list (each with `samples` answers), on the job's endpoints that serve it, else on the job's first endpoint with the model changed. Default: one answer from the pool, as without it.
   */
  models?: string[] | null;
  /**
   * Scores each answer with a judge model, as a stage of the job after the answer lands; the score and reason are kept per answer.
   */
  judge?: JudgeOptions | null;
}

/**
 * Result of `estimateJob`: what a job would cost before anything is spent.
 */
export interface EstimateJobResult {
  /**
   * Data rows in the input.
   */
  rows: number;
  /**
   * Rows that would be sent (the others are skipped: empty, duplicate or unreadable).
   */
  rowsToSend: number;
  /**
   * Prompt tokens of every rendered request (system prompt and question), counted with a real tokenizer.
   */
  promptTokens: number;
  /**
   * Expected answer tokens.
   */
  completionTokens: number;
  /**
   * Where `completionTokens` comes from, e.g. `maxTokens` (an upper bound) or an assumed length.
   */
  completionBasis: string;
  /**
   * The tokenizer used, e.g. `o200k_base`, or `estimate` (4 characters a token) when none is available.
   */
  tokenizer: string;
  /**
   * The cost from the price table, when it has the model; else null.
   */
  cost?: EstimateCost | null;
  /**
   * The time at the endpoints' configured rate limits, when there are any; else null.
   */
  seconds?: number | null;
  /**
   * What the figures do not cover, e.g. "no price for model X in prices.json".
   */
  note?: string | null;
  /**
   * With `pilot`: what the pilot rows measured and what they cost. The figures above are for the whole job, pilot rows included (the job takes their answers from the cache).
   */
  pilot?: EstimatePilot | null;
  /**
   * What the same rows would cost through the provider's Batch API (the table's batch price, else half the online price); null without a price.
   */
  batchCost?: EstimateCost | null;
  /**
   * How long batch mode is likely to take: the provider's completion window at most, less when earlier batches of this endpoint finished sooner.
   */
  batchSeconds?: number | null;
  /**
   * Requests the job is expected to send: answers (rows × models × samples, or fewer with the provider's `n`), re-asks at the pilot's rate, and judge calls.
   */
  requests?: number | null;
  /**
   * Of `requests`, the judge's calls (one per answer); their tokens and cost are in the figures above.
   */
  judgeRequests?: number | null;
}

/**
 * What the pilot of an `estimateJob` measured and spent.
 */
export interface EstimatePilot {
  /**
   * Rows in the pilot: a sample spread over the input, chosen the same way every time.
   */
  rows: number;
  /**
   * Of those, the rows really sent; the others were answered before and came from the response cache (free).
   */
  sent: number;
  /**
   * Prompt tokens the provider reported for the pilot rows.
   */
  promptTokens: number;
  /**
   * Completion tokens the provider reported for the pilot rows.
   */
  completionTokens: number;
  /**
   * The pilot's own spend: the tokens of the rows sent (cached rows cost nothing).
   */
  spent: number;
  /**
   * The pilot's own cost from the price table, when it has the model.
   */
  cost?: number | null;
  /**
   * Pilot rows that got no answer (an error after the last retry); the estimate is made from the others.
   */
  failed?: number;
  /**
   * With a `responseFormat`: the re-asks the pilot's sent rows took on average (0.1 is one row in ten asked again because its answer did not match the schema), each a request of its own; rows from the cache are not counted. Absent without a schema, or when no pilot row was sent and answered.
   */
  reasksPerRow?: number | null;
}

/**
 * Parameters of `exportJob`.
 */
export interface ExportJobParams {
  /**
   * The job to export.
   */
  jobId: string;
  /**
   * Where to write; default the job's output path. For `hf-dataset`, a folder.
   */
  output?: string | null;
  /**
   * `jsonl`, `json`, `csv`, `xlsx`, `parquet`, a fine-tuning format: `openai-chat`, `alpaca`, `sharegpt`, a preference format from judged answers: `preference` (TRL's `prompt`/`chosen`/`rejected` JSONL) or `openai-preference` (OpenAI's preference fine-tuning JSONL), or `hf-dataset` (a folder of Parquet shards and a dataset card for the Hugging Face Hub, answered rows only); default the job's format (or the output's extension). Training formats hold only complete answers; the other rows are listed beside the file in `NAME.excluded.jsonl` with the reason.
   */
  format?: string | null;
  /**
   * Optional extras: `reasoning` keeps the model's reasoning as its own field in training formats (dropped by default).
   */
  include?: string[] | null;
  /**
   * Only with `hf-dataset`: holds out a `test` split beside `train`.
   */
  split?: ExportSplit | null;
  /**
   * Keep only answers the judge scored at least this (default the job's `judge.threshold`); the others go to `NAME.excluded.jsonl` with their score and reason.
   */
  minScore?: number | null;
  /**
   * For `preference` and `openai-preference`: a pair is written only when the chosen answer's score exceeds the rejected one's by at least this (default 1).
   */
  margin?: number | null;
}

/**
 * Result of `exportJob`.
 */
export interface ExportJobResult {
  /**
   * The file written.
   */
  output: string;
  /**
   * Its format.
   */
  format: string;
  /**
   * How many records it holds.
   */
  rows: number;
}

/**
 * Parameters of `exportRequests`.
 */
export interface ExportRequestsParams {
  /**
   * The job whose pending rows to write (not while it runs).
   */
  jobId: string;
  /**
   * The folder the files go to: `JOBID-requests-00001.jsonl`, `-00002`... (created if missing; files of those names are replaced).
   */
  output: string;
  /**
   * The most lines (rows) a file holds; default 50,000, OpenAI's limit.
   */
  maxLines?: number | null;
  /**
   * The largest a file may be, in bytes; default 200,000,000 (OpenAI's 200 MB).
   */
  maxBytes?: number | null;
}

/**
 * Result of `exportRequests`.
 */
export interface ExportRequestsResult {
  /**
   * The files written, in row order; none when no row is pending.
   */
  files: RequestFileInfo[];
  /**
   * Rows written, in all files.
   */
  rows: number;
  /**
   * Pending rows whose request could not be built, with the reason; they stay pending.
   */
  leftOut: RowProblem[];
}

/**
 * A held-out split of an `hf-dataset` export: `{ "test": 0.05, "seed": 42 }`.
 */
export interface ExportSplit {
  /**
   * The fraction of the answered rows that go to the `test` split, above 0 and below 1.
   */
  test: number;
  /**
   * Chooses which rows: a row is in `test` by a hash of the seed and its index, so the same seed gives the same split every time (default 0).
   */
  seed?: number | null;
}

/**
 * Parameters of `generateQuestions`: a question set written from a seed prompt, as a job like any other.
 */
export interface GenerateQuestionsParams {
  /**
   * What the questions are about and what they should be like, e.g. "Questions a home cook asks about baking bread".
   */
  seedPrompt: string;
  /**
   * How many distinct questions to accept, 1 to 100,000.
   */
  count: number;
  /**
   * Where to ask: one endpoint. Give exactly one of `provider`, `endpoints` and `profile`, as for `startJob`.
   */
  provider?: ProviderConfig | null;
  /**
   * Several endpoints sharing the requests (a pool).
   */
  endpoints?: EndpointConfig[] | null;
  /**
   * The name of a profile stored with `saveProfile`.
   */
  profile?: string | null;
  /**
   * A system message sent before each request.
   */
  systemPrompt?: string | null;
  /**
   * Sampling temperature, 0 to 2 (default: the provider's; a value near 1 gives more variety).
   */
  temperature?: number | null;
  /**
   * Questions asked for per request, 1 to 200 (default 20).
   */
  batchSize?: number | null;
  /**
   * Requests in flight at once, 1 to 1024 (default 4).
   */
  concurrency?: number | null;
  /**
   * Where to write the set; `.csv`, `.jsonl` or `.xlsx` picks the format. Default: `generated/JOBID.questions.jsonl` in the data directory.
   */
  output?: string | null;
  /**
   * Near-duplicate threshold, above 0 up to 1 (default 0.7): a question whose character-shingle similarity to an accepted one is at least this is left out.
   */
  similarity?: number | null;
  /**
   * The most requests the job makes before it stops with what it has (default: four times the batches the count needs, plus 10).
   */
  maxRequests?: number | null;
}

/**
 * Parameters of `getRows`: one page of a job's rows, in input order, straight from the ledger.
 */
export interface GetRowsParams {
  /**
   * The job.
   */
  jobId: string;
  /**
   * Only rows in this state: `pending`, `inFlight`, `done`, `failed` or `skipped`; default every row.
   */
  state?: string | null;
  /**
   * The first row index to consider (0-based, as `row` in notifications); default 0. Pass the previous page's `next` to go on.
   */
  from?: number | null;
  /**
   * The most rows to return, 1 to `MaxLimit`; default `DefaultLimit`.
   */
  limit?: number | null;
}

/**
 * Result of `getRows`.
 */
export interface GetRowsResult {
  /**
   * The page, in input order.
   */
  rows: JobRow[];
  /**
   * The `from` of the next page; null (left out on the wire) when no row after this page matches.
   */
  next?: number | null;
}

/**
 * Parameters of `importResults`.
 */
export interface ImportResultsParams {
  /**
   * The job the results belong to (not while it runs).
   */
  jobId: string;
  /**
   * A batch output or error file: JSON Lines of `{"custom_id", "response": {"status_code", "body"}, "error"}`, as OpenAI's Batch API and vLLM's `run_batch` write them.
   */
  file: string;
}

/**
 * Result of `importResults`.
 */
export interface ImportResultsResult {
  /**
   * Lines read.
   */
  lines: number;
  /**
   * Rows answered by the file (done, their answers in the response cache too).
   */
  answered: number;
  /**
   * Rows refused for good by the provider (a 400): failed, with its message.
   */
  failed: number;
  /**
   * Rows that failed for a passing reason (429, 5xx) or were not run (expired, cancelled): pending again.
   */
  requeued: number;
  /**
   * Lines not folded, all of them.
   */
  refusedCount: number;
  /**
   * The first 1,000 lines not folded, each with the reason.
   */
  refused: RefusedResultLine[];
  /**
   * The job after the import.
   */
  job: JobInfo;
}

/**
 * Parameters of `initialize`.
 */
export interface InitializeParams {
  /**
   * A name for logs, e.g. `vscode` or `python`.
   */
  clientName?: string | null;
  /**
   * The client's version, for logs.
   */
  clientVersion?: string | null;
  /**
   * The protocol version the client speaks; the daemon answers with its own.
   */
  protocolVersion?: number | null;
}

/**
 * Result of `initialize`.
 */
export interface InitializeResult {
  /**
   * The daemon's version.
   */
  daemonVersion: string;
  /**
   * The protocol version the daemon speaks (`Version`).
   */
  protocolVersion: number;
  /**
   * What this daemon can do.
   */
  capabilities: Capabilities;
  /**
   * Where this daemon keeps its SQLite ledger.
   */
  dataDirectory: string;
  /**
   * What the daemon found at start-up that a person should know, e.g. a damaged ledger moved aside.
   */
  notices?: string[] | null;
}

/**
 * The most a job may spend. Reaching either limit pauses the job (answers in flight land and are kept); `resumeJob { jobId, budget }` with a higher limit lets it go on. Only what the job pays for counts: rows answered from the response cache are free.
 */
export interface JobBudget {
  /**
   * The most tokens (prompt plus completion, as the provider reports them) the job may use.
   */
  maxTokens?: number | null;
  /**
   * The most money the job may cost, priced from `prices.json` as `cost` is, in its currency; every endpoint's model must have a price there, all in one currency.
   */
  maxCost?: number | null;
}

/**
 * A job's row counts and throughput, as in `getJob` and `job/progress`.
 */
export interface JobCounts {
  /**
   * Rows read from the input so far.
   */
  total: number;
  /**
   * Whether the whole input has been read, so `total` is final.
   */
  totalKnown: boolean;
  /**
   * Rows answered.
   */
  done: number;
  /**
   * Rows that failed after their last attempt.
   */
  failed: number;
  /**
   * Rows not sent: nothing to ask once cleaned, a duplicate of an earlier row, or (with `skipBadRows`) a row that cannot be read. Each is in the output with the reason.
   */
  skipped: number;
  /**
   * Rows whose request is under way.
   */
  inFlight: number;
  /**
   * Rows not sent yet.
   */
  pending: number;
  /**
   * Prompt tokens the provider reported, summed.
   */
  promptTokens: number;
  /**
   * Completion tokens the provider reported, summed.
   */
  completionTokens: number;
  /**
   * Rows finished per second over the last few seconds.
   */
  rowsPerSecond: number;
  /**
   * Seconds until the job is done at that rate; absent when unknown.
   */
  etaSeconds?: number | null;
  /**
   * Of the rows done, those answered from the response cache without a request.
   */
  cached?: number;
  /**
   * Prompt plus completion tokens of the rows this job paid for: answered by a request, not from the response cache. A token budget counts these.
   */
  spentTokens?: number;
  /**
   * What `spentTokens` cost, priced from `prices.json`: each answer at the price of the model that wrote it, so a pool of several models is charged exactly. Absent when the table lacks a price for one of the job's models, or prices them in more than one currency.
   */
  cost?: number | null;
  /**
   * The currency of `cost`, as `prices.json` names it.
   */
  currency?: string | null;
  /**
   * Rows in a provider's batch (a batch job), their answers not yet folded; not counted in `pending`.
   */
  submitted?: number;
  /**
   * For a job with a `responseFormat`: answers that did not match the schema and were asked again, since the daemon loaded the job (each re-ask is a request, counted in the spent tokens). Not kept over a restart: a row's `attempts` includes its re-asks.
   */
  reasks?: number;
  /**
   * Of the failed rows since the daemon loaded the job, those that never matched the schema after every re-ask.
   */
  reaskFailed?: number;
  /**
   * Of the rows done, those answered by a provider batch (a batch or auto job), at batch prices.
   */
  byBatch?: number;
  /**
   * For a job with several answers per row: answers stored (each sample of each model counts).
   */
  answers?: number;
  /**
   * For a job with a judge: answers scored.
   */
  judged?: number;
}

/**
 * Parameters of the methods that act on one job.
 */
export interface JobIdParams {
  /**
   * The job's id as `startJob` returned it.
   */
  jobId: string;
}

/**
 * A job as `getJob` and `listJobs` describe it.
 */
export interface JobInfo {
  /**
   * The job's id.
   */
  jobId: string;
  /**
   * Where it stands.
   */
  state: JobState;
  /**
   * Its input file.
   */
  input: string;
  /**
   * Its output file.
   */
  output: string;
  /**
   * Its output format.
   */
  format: string;
  /**
   * The model asked.
   */
  model: string;
  /**
   * The endpoint asked.
   */
  baseUrl: string;
  /**
   * Row counts and throughput.
   */
  counts: JobCounts;
  /**
   * When it was started (UTC).
   */
  createdAt: string;
  /**
   * When it completed, failed or was cancelled (UTC).
   */
  finishedAt?: string | null;
  /**
   * The most recent job-level or row-level error, naming the row.
   */
  lastError?: string | null;
  /**
   * Each endpoint's live statistics (requests, errors, 429s, concurrency limit, circuit) since the job last started running in this daemon; null before that.
   */
  endpoints?: EndpointStatus[] | null;
  /**
   * What cleaning did over the rows read so far: each rule's count of rows it changed, and the empty and duplicate rows skipped.
   */
  cleaning?: CleaningSummary | null;
  /**
   * The job's budget, if it has one; what it has spent is in `spentTokens` and `cost`.
   */
  budget?: JobBudget | null;
  /**
   * The job has spent its budget: it paused (or stays paused) until `resumeJob` gives it a higher one.
   */
  budgetReached?: boolean;
  /**
   * What the job does: `answer` (a `startJob` job; also when absent) or `generate` (a `generateQuestions` job, whose `input` is the seed prompt and whose counts are questions: `total` the count asked for, `done` those accepted).
   */
  kind?: string | null;
  /**
   * While the job is `providerUnavailable`: which endpoint failed last and how, since when, and when the next probe goes; null otherwise.
   */
  outage?: ProviderOutage | null;
  /**
   * How its rows are answered: `online` (also when absent), `batch`, `auto` or `offline` (`JobModes`).
   */
  mode?: string | null;
  /**
   * For a batch or auto job: each request file and its provider batch, in order.
   */
  batches?: BatchStatus[] | null;
}

/** What a job does, as `kind` says. */
export const JobKinds = {
  /** Answers the rows of a dataset (`startJob`). */
  Answer: 'answer',
  /** Writes a question set from a seed prompt (`generateQuestions`). */
  Generate: 'generate',
} as const;

export type JobKind = (typeof JobKinds)[keyof typeof JobKinds];

/** How a job's rows are answered (`mode`). */
export const JobModes = {
  /** Each row sent as a request, many in flight (the default). */
  Online: 'online',
  /** Nothing is sent: the rows are read into the ledger (cached answers taken), then the job waits, paused, for a run elsewhere. `exportRequests` writes its pending rows as batch request files; `importResults` folds the run's output back. */
  Offline: 'offline',
  /** The rows go through the provider's Batch API (`/v1/files` + `/v1/batches`: half price, a separate quota, answers within the completion window): written as request files, uploaded, one batch per file, polled, and folded back by `custom_id`. Every file and batch id is in the ledger before the daemon moves on, so a restart never uploads or batches a row twice. `batches` shows each batch. */
  Batch: 'batch',
  /** Online while the endpoints' learned limits have room, the rest by batch; everything by batch when `deadline` allows the completion window. `batch` and `byBatch` say which rows went which way. */
  Auto: 'auto',
} as const;

export type JobMode = (typeof JobModes)[keyof typeof JobModes];

/**
 * Payload of `job/progress`.
 */
export interface JobProgress {
  /**
   * The job.
   */
  jobId: string;
  /**
   * Its state.
   */
  state: JobState;
  /**
   * Row counts, rate and ETA.
   */
  counts: JobCounts;
  /**
   * Token messages this connection missed because it read too slowly (their rows' final answers still arrive).
   */
  droppedTokenMessages?: number;
}

/**
 * Payload of `job/questionAccepted`: a generate job accepted a question (stored in the ledger before this is sent).
 */
export interface JobQuestionAccepted {
  /**
   * The generate job.
   */
  jobId: string;
  /**
   * The question's 0-based position in the set.
   */
  index: number;
  /**
   * The question, cleaned.
   */
  question: string;
}

/**
 * One row of a job as the ledger holds it now.
 */
export interface JobRow {
  /**
   * The row's index in the input (0-based).
   */
  row: number;
  /**
   * One of `RowStates`: `pending`, `inFlight`, `done`, `failed`, `skipped` or `submitted`.
   */
  state: string;
  /**
   * The prompt as sent: the question cleaned, or the template rendered.
   */
  prompt: string;
  /**
   * The answer, when the row is done.
   */
  answer?: string | null;
  /**
   * The model's reasoning, when it sent any.
   */
  reasoning?: string | null;
  /**
   * Why the row failed or was skipped (for a retried row that then succeeded: null).
   */
  error?: string | null;
  /**
   * The provider's finish reason (`stop`, `length`, ...).
   */
  finishReason?: string | null;
  /**
   * Requests sent for this row so far.
   */
  attempts: number;
  /**
   * Prompt tokens the provider reported.
   */
  promptTokens?: number | null;
  /**
   * Completion tokens the provider reported.
   */
  completionTokens?: number | null;
  /**
   * The model that answered, for a done row (in a pool, the one its endpoint serves).
   */
  model?: string | null;
  /**
   * The endpoint that answered, for a done row: its name, else its base URL's host and path (never a key).
   */
  endpoint?: string | null;
  /**
   * The provider's batch (`batch_...`) the row is in (submitted) or was answered by (done); null for a row answered online, and before its batch is created.
   */
  batch?: string | null;
  /**
   * For a row with several answers or a judge: every answer, with its model, sample and score; `answer` is then the first slot's.
   */
  answers?: RowAnswer[] | null;
}

/**
 * Payload of `job/rowCompleted`.
 */
export interface JobRowCompleted {
  /**
   * The job.
   */
  jobId: string;
  /**
   * The row's 0-based index in the input.
   */
  row: number;
  /**
   * Whether the row has an answer (else `error` says why not).
   */
  succeeded: boolean;
  /**
   * The answer.
   */
  answer?: string | null;
  /**
   * Why the row failed.
   */
  error?: string | null;
  /**
   * The provider's finish reason, e.g. `stop` or `length`.
   */
  finishReason?: string | null;
  /**
   * Requests made for this row.
   */
  attempts: number;
  /**
   * Prompt tokens reported.
   */
  promptTokens?: number | null;
  /**
   * Completion tokens reported.
   */
  completionTokens?: number | null;
  /**
   * The model that wrote the answer, as it was sent (e.g. `gpt-4o-mini`): in a pool of several models, the one whose endpoint answered, after any retry that failed over. Absent for a failed row, and from a daemon older than this field.
   */
  model?: string | null;
  /**
   * For a job with a `responseFormat`: how many times this row's answer was asked again because it did not match the schema.
   */
  reasks?: number | null;
  /**
   * For a row with several answers or a judge: every answer, with its score once judged.
   */
  answers?: RowAnswer[] | null;
}

/**
 * Where a job stands. Serialized as the lower-camel-case name, e.g. `"running"`.
 */
export type JobState =
  'queued' | 'running' | 'providerUnavailable' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/**
 * Payload of `job/stateChanged`.
 */
export interface JobStateChanged {
  /**
   * The job.
   */
  jobId: string;
  /**
   * Its new state.
   */
  state: JobState;
  /**
   * Its state before.
   */
  previousState: JobState;
  /**
   * Why, when there is more to say (e.g. the error that failed it, or where the output was written).
   */
  message?: string | null;
}

/**
 * Payload of `job/token`: answer text of one row as it streams, several deltas coalesced.
 */
export interface JobToken {
  /**
   * The job.
   */
  jobId: string;
  /**
   * The row's 0-based index in the input.
   */
  row: number;
  /**
   * Text to append to what arrived before for this row.
   */
  text: string;
  /**
   * `true` when the text is the model's reasoning (`reasoning_content`), not its answer.
   */
  reasoning?: boolean;
  /**
   * `true` when an attempt failed and is being retried: drop the text received so far for this row, then append `text`.
   */
  reset?: boolean;
}

/**
 * An LLM judge (`judge`): after an answer lands, a judge model is asked to score it against a rubric, through the job's scheduler, cache and budget. Its score and one-sentence reason are kept with the answer (`score`); exports can keep only answers at or above `threshold`, and preference pairs are made from a row's scores.
 */
export interface JudgeOptions {
  /**
   * A preset (`JudgeRubrics`: `helpfulness`, `correctness`, `follows-format`, `language`) or the user's own text; default `helpfulness`.
   */
  rubric?: string | null;
  /**
   * The judge's model (default the job's model, on the job's endpoints).
   */
  model?: string | null;
  /**
   * The judge's provider's OpenAI-compatible base URL (default the job's first endpoint's, with its key).
   */
  baseUrl?: string | null;
  /**
   * With another `baseUrl`: the environment variable holding its key.
   */
  apiKeyEnv?: string | null;
  /**
   * The top of the score scale: scores are whole numbers from 1 to this (default 10).
   */
  scale?: number | null;
  /**
   * The lowest score an answer may have to stay in filtered exports (default none: every judged answer stays).
   */
  threshold?: number | null;
  /**
   * For `correctness`: the input column holding the reference answer, shown to the judge.
   */
  referenceColumn?: string | null;
}

/** The judge's preset rubrics (`rubric`); any other text is the user's own rubric. */
export const JudgeRubrics = {
  /** How well the answer helps the asker: relevant, complete, clear. */
  Helpfulness: 'helpfulness',
  /** Whether the answer agrees with the reference answer in `referenceColumn`. */
  Correctness: 'correctness',
  /** Whether the answer follows the format the question or system prompt asks for. */
  FollowsFormat: 'follows-format',
  /** Whether the answer is written in the question's language. */
  Language: 'language',
} as const;

export type JudgeRubric = (typeof JudgeRubrics)[keyof typeof JudgeRubrics];

/**
 * Result of `listJobs`.
 */
export interface ListJobsResult {
  /**
   * Every job in the ledger, newest first.
   */
  jobs: JobInfo[];
}

/**
 * Result of `listProfiles`: every stored profile, by name.
 */
export interface ListProfilesResult {
  /**
   * The profiles, as saved (never a key).
   */
  profiles: SaveProfileParams[];
}

/**
 * Parameters of `optimizePrompt`.
 */
export interface OptimizePromptParams {
  /**
   * A system prompt or a seed prompt to make clearer and more specific.
   */
  prompt: string;
  /**
   * The model that rewrites it.
   */
  provider: ProviderConfig;
  /**
   * What the prompt is for, to steer the rewrite: `system` (default) or `seed` (a prompt that asks for questions).
   */
  purpose?: string | null;
}

/**
 * Result of `optimizePrompt`: a proposal the user accepts or not; nothing is changed by itself.
 */
export interface OptimizePromptResult {
  /**
   * The prompt as given.
   */
  original: string;
  /**
   * The rewritten prompt.
   */
  prompt: string;
  /**
   * Prompt tokens the rewrite cost, as the provider reported.
   */
  promptTokens?: number | null;
  /**
   * Completion tokens the rewrite cost.
   */
  completionTokens?: number | null;
}

/**
 * Parameters of `previewDataset`: the same reading options as `startJob`.
 */
export interface PreviewDatasetParams {
  /**
   * Path of an .xlsx, .xls, .csv, .tsv, .json or .jsonl file.
   */
  input: string;
  /**
   * For a spreadsheet: the sheet, by name or 0-based index (default the first).
   */
  sheet?: string | null;
  /**
   * The prompt column, by name or 0-based index; default a column named like question/问题/prompt, else the first. Not with `template`.
   */
  column?: string | null;
  /**
   * Builds the prompt from several columns, e.g. `{{title}}\n\n{{body}}`. Not with `column`.
   */
  template?: string | null;
  /**
   * Which cleaning rules run (default: all).
   */
  cleaning?: CleaningOptions | null;
  /**
   * How many leading rows to show, 1 to 1000 (default 10).
   */
  rows?: number | null;
  /**
   * Text encoding of a CSV/TSV/JSON/JSONL file, e.g. `gb18030`, `utf-16` (default: detected).
   */
  encoding?: string | null;
  /**
   * CSV field delimiter, one character or `tab` (default: detected).
   */
  delimiter?: string | null;
  /**
   * The image column, as `startJob` takes it (default a column named image, img, 图片...).
   */
  imageColumn?: string | null;
}

/**
 * Result of `previewDataset`: what was detected, and the leading rows raw and cleaned side by side.
 */
export interface PreviewDatasetResult {
  /**
   * The input's full path.
   */
  input: string;
  /**
   * Detected format: `xlsx`, `xls`, `csv`, `tsv`, `json` or `jsonl`.
   */
  format: string;
  /**
   * The text encoding read (e.g. `utf-8`, `utf-16`, `gb18030`); absent for spreadsheets.
   */
  encoding?: string | null;
  /**
   * The CSV/TSV delimiter used; absent for other formats.
   */
  delimiter?: string | null;
  /**
   * A spreadsheet's sheet names; absent for other formats.
   */
  sheets?: string[] | null;
  /**
   * The sheet read.
   */
  sheet?: string | null;
  /**
   * The column names (blank or repeated names become `columnN`).
   */
  columns: string[];
  /**
   * The column the prompt is taken from; absent when a template builds it.
   */
  promptColumn?: string | null;
  /**
   * The template that builds the prompt, if any.
   */
  template?: string | null;
  /**
   * Data rows in the file (the header excluded).
   */
  rowCount: number;
  /**
   * True when every row was counted; false when `rowCount` is estimated from the part of a large file read.
   */
  rowCountExact: boolean;
  /**
   * The leading rows.
   */
  rows: PreviewRow[];
  /**
   * What cleaning changed in the rows counted.
   */
  cleaning: CleaningSummary;
  /**
   * Rows that cannot be read (a broken JSONL line, a malformed CSV record); `startJob` refuses them unless `skipBadRows`.
   */
  badRows: BadRow[];
  /**
   * CSV/TSV rows with more or fewer fields than the header, among the rows read. They are read all the same: missing cells are empty, extra cells get columns of their own.
   */
  raggedRows?: number;
  /**
   * The line of the first such row.
   */
  firstRaggedRow?: number | null;
}

/**
 * One message of a conversation or image row, as `previewDataset` shows what will be sent.
 */
export interface PreviewMessage {
  /**
   * `system`, `user` or `assistant`.
   */
  role: string;
  /**
   * The message's text, cleaned.
   */
  text: string;
  /**
   * Its images as the dataset names them (a path relative to the dataset, a `file:` or http(s) URL); a local one is sent as a base64 data URL. Absent when it has none.
   */
  images?: string[] | null;
}

/**
 * One row as `previewDataset` shows it: the prompt before and after cleaning.
 */
export interface PreviewRow {
  /**
   * 0-based index among the data rows, as in `job/rowCompleted`.
   */
  index: number;
  /**
   * Where the row is in the file as a person counts it (CSV/JSONL line, spreadsheet row); absent for JSON arrays.
   */
  row?: number | null;
  /**
   * The row's cells as read, aligned with the columns.
   */
  cells: (string | null)[];
  /**
   * The prompt built from the cells as read.
   */
  raw: string;
  /**
   * The prompt as it would be sent.
   */
  cleaned: string;
  /**
   * Ids of the cleaning rules that changed this row, e.g. `html`, `whitespace`.
   */
  rules: string[];
  /**
   * Why the row would not be sent (empty, a duplicate of an earlier row, a cell too large); absent when it would be.
   */
  skip?: string | null;
  /**
   * For a conversation row (OpenAI `messages`, ShareGPT `conversations`, Alpaca with `history`) or a row with an image: the messages that will be sent, up to the last user turn the model answers; `cleaned` then holds them as OpenAI's JSON. Absent for a plain question.
   */
  messages?: PreviewMessage[] | null;
}

/**
 * Parameters of `deleteProfile`.
 */
export interface ProfileNameParams {
  /**
   * The profile's name.
   */
  name: string;
}

/**
 * An OpenAI-compatible chat endpoint.
 */
export interface ProviderConfig {
  /**
   * The API's base URL, e.g. `https://api.openai.com/v1` or `https://ark.cn-beijing.volces.com/api/v3`.
   */
  baseUrl: string;
  /**
   * The model (or Ark endpoint id) to ask.
   */
  model: string;
  /**
   * The key itself. It is held in memory only: never written to the ledger, logs or exports.
   */
  apiKey?: string | null;
  /**
   * The name of an environment variable of the daemon that holds the key, e.g. `OPENAI_API_KEY`.
   */
  apiKeyEnv?: string | null;
  /**
   * How the endpoint names the answer's token cap (`max_completion_tokens` or `max_tokens`), as in `EndpointConfig`.
   */
  maxTokensParameter?: string | null;
}

/**
 * What a job in `providerUnavailable` is waiting through.
 */
export interface ProviderOutage {
  /**
   * The endpoint that failed last (its name and base URL, never a key).
   */
  endpoint: string;
  /**
   * Its last error.
   */
  lastError: string;
  /**
   * When the outage was seen (UTC).
   */
  since: string;
  /**
   * When the daemon sends its next probe request (UTC).
   */
  nextProbeAt: string;
}

/**
 * A line of an imported file that was not folded into the ledger.
 */
export interface RefusedResultLine {
  /**
   * Its line number in the file, from 1.
   */
  line: number;
  /**
   * Its `custom_id`, if it had one.
   */
  customId?: string | null;
  /**
   * Why: not a result line, a custom_id of another job or of no row, a custom_id earlier in the file, or a row already answered or skipped.
   */
  reason: string;
}

/**
 * One request file written by `exportRequests`.
 */
export interface RequestFileInfo {
  /**
   * The file.
   */
  path: string;
  /**
   * Its lines: one request per row.
   */
  lines: number;
  /**
   * Its size.
   */
  bytes: number;
  /**
   * The index of its first row.
   */
  firstRow: number;
  /**
   * The index of its last row.
   */
  lastRow: number;
}

/**
 * A structured answer: every answer must be a JSON object matching `jsonSchema`. It is sent as the endpoint's `response_format: {type: "json_schema"}` where the endpoint takes it, else as `json_object` or as an instruction in the system message (learned from the endpoint's 400); every answer is validated by the daemon, and an invalid one is asked again with the validation errors, up to `maxReasks` times. A row that never validates fails, naming the errors, with its last answer kept in `answer`.
 */
export interface ResponseFormatOptions {
  jsonSchema: unknown;
  /**
   * The schema's name as the provider is told it (letters, digits, `_`, `-`; default `answer`).
   */
  name?: string | null;
  /**
   * OpenAI's strict mode (default false): the provider guarantees a matching answer, but takes only schemas of its subset (every property required, `additionalProperties: false`).
   */
  strict?: boolean | null;
  /**
   * How many times an invalid answer is asked again (default 2, 0 to 10); each re-ask is a request, paid and counted in the budget.
   */
  maxReasks?: number | null;
}

/**
 * Parameters of `resumeJob`.
 */
export interface ResumeJobParams {
  /**
   * The job to resume.
   */
  jobId: string;
  /**
   * The key again, for a job started with an inline key before the daemon restarted (keys are never stored).
   */
  apiKey?: string | null;
  /**
   * Keys by endpoint name, for a pool whose endpoints were given inline keys.
   */
  apiKeys?: {
    [k: string]: string;
  } | null;
  /**
   * The job's budget from now on, replacing the one it had (`{}` lifts every limit); absent, the budget stays. A job paused by its budget needs a higher one to go on.
   */
  budget?: JobBudget | null;
}

/**
 * One answer of a row that has several (`samples`, `models`) or is judged (`judge`).
 */
export interface RowAnswer {
  /**
   * The answer's place in the row, from 0: models in the order given, each model's samples in turn.
   */
  slot: number;
  /**
   * The model asked for it.
   */
  model: string;
  /**
   * Which sample of that model, from 0.
   */
  sample: number;
  /**
   * `pending`, `done` or `failed` (as `RowStates`).
   */
  state: string;
  /**
   * The answer, once done.
   */
  answer?: string | null;
  /**
   * The model's reasoning, when it sent any.
   */
  reasoning?: string | null;
  /**
   * The provider's finish reason.
   */
  finishReason?: string | null;
  /**
   * Prompt tokens charged to this answer (with the provider's `n`, the prompt is charged to sample 0 only).
   */
  promptTokens?: number | null;
  /**
   * Completion tokens of this answer.
   */
  completionTokens?: number | null;
  /**
   * Why it failed.
   */
  error?: string | null;
  /**
   * The judge's score, 1 to the scale; null until judged, or without a judge.
   */
  score?: number | null;
  /**
   * The judge's reason for the score.
   */
  scoreReason?: string | null;
}

/**
 * A row left out of request files, and why (an image that cannot be read or is too large).
 */
export interface RowProblem {
  /**
   * The row's index.
   */
  index: number;
  /**
   * Why it was left out.
   */
  reason: string;
}

/** A row's state, as `state` says and `state` filters by (in any case). */
export const RowStates = {
  /** Not sent yet, or sent and due to be sent again. */
  Pending: 'pending',
  /** Sent; its answer has not arrived yet. */
  InFlight: 'inFlight',
  /** Answered. */
  Done: 'done',
  /** Every attempt failed; `error` says why. */
  Failed: 'failed',
  /** Not sent, on purpose (empty, a duplicate, unreadable); `error` says why. */
  Skipped: 'skipped',
  /** In a provider's batch (a batch job): sent with the others of its request file, its answer not yet folded; `batch` names the batch. */
  Submitted: 'submitted',
} as const;

export type RowState = (typeof RowStates)[keyof typeof RowStates];

/**
 * Parameters of `saveProfile`: a named endpoint pool (and defaults) that `startJob` can use by name. Replaces a profile of the same name.
 */
export interface SaveProfileParams {
  /**
   * The profile's name.
   */
  name: string;
  /**
   * Its endpoints. Keys are refused: give `apiKeyEnv`, since profiles are stored.
   */
  endpoints: EndpointConfig[];
  /**
   * Rows in flight, when the job does not say.
   */
  concurrency?: number | null;
  /**
   * The system message, when the job does not say.
   */
  systemPrompt?: string | null;
  /**
   * The temperature, when the job does not say.
   */
  temperature?: number | null;
  /**
   * The most tokens per answer, when the job does not say.
   */
  maxTokens?: number | null;
}

/**
 * Parameters of `startJob`.
 */
export interface StartJobParams {
  /**
   * Path of an .xlsx, .xls, .csv, .tsv, .json or .jsonl file of questions.
   */
  input: string;
  /**
   * Where to send the questions: one endpoint. Give exactly one of `provider`, `endpoints` and `profile`.
   */
  provider?: ProviderConfig | null;
  /**
   * Where to write answers; default next to the input, e.g. `questions.answers.jsonl`.
   */
  output?: string | null;
  /**
   * Output format: `jsonl` (default), `json` or `csv`.
   */
  format?: string | null;
  /**
   * A system message sent before every question.
   */
  systemPrompt?: string | null;
  /**
   * Sampling temperature.
   */
  temperature?: number | null;
  /**
   * The most tokens an answer may have.
   */
  maxTokens?: number | null;
  /**
   * The question column, by name or 0-based index; default a column named like question/问题/prompt, else the first. Not with `template`.
   */
  column?: string | null;
  /**
   * The most rows in flight at once (default 8).
   */
  concurrency?: number | null;
  /**
   * Subscribes this connection to the job's `job/token` notifications from its first token.
   */
  streamTokens?: boolean | null;
  /**
   * For a spreadsheet: the sheet, by name or 0-based index (default the first).
   */
  sheet?: string | null;
  /**
   * Several endpoints to share the rows (a pool): each row goes to the one with the most free capacity.
   */
  endpoints?: EndpointConfig[] | null;
  /**
   * The name of a profile stored with `saveProfile`, to use its endpoints and defaults.
   */
  profile?: string | null;
  /**
   * Reuse a stored answer for a request asked before with the same model, messages and parameters, in any job (default true); false asks again.
   */
  cache?: boolean | null;
  /**
   * Builds each prompt from several columns, e.g. `{{title}}\n\n{{body}}`; a column it names that the file lacks is an error. Not with `column`.
   */
  template?: string | null;
  /**
   * Which cleaning rules run on the prompt columns (default: all, with empty and duplicate rows skipped).
   */
  cleaning?: CleaningOptions | null;
  /**
   * Text encoding of a CSV/TSV/JSON/JSONL file, e.g. `gb18030` (default: detected).
   */
  encoding?: string | null;
  /**
   * CSV field delimiter, one character or `tab` (default: detected).
   */
  delimiter?: string | null;
  /**
   * Store rows that cannot be read (a broken JSONL line, a malformed CSV record, a cell too large) as skipped with the reason, instead of refusing the file.
   */
  skipBadRows?: boolean | null;
  /**
   * The most the job may spend, in tokens or money; reaching it pauses the job, and `resumeJob` with a higher budget lets it go on.
   */
  budget?: JobBudget | null;
  /**
   * The column holding each row's image: a path relative to the dataset, a `file:` URL or an http(s) URL (a JSON list for several); default a column named image, images, image_path, image_url, img or 图片. A row with an image is sent to the model as a text part and image parts.
   */
  imageColumn?: string | null;
  /**
   * The largest local image sent, in bytes (default 20 MB); a larger one fails its row, naming it.
   */
  maxImageBytes?: number | null;
  /**
   * How the rows are answered: `online` (default), `batch`, `auto` or `offline` (see `JobModes`).
   */
  mode?: string | null;
  /**
   * Assistant turns per row, 1 to 50 (default 1: one answer). Above 1, a user simulator (`userSimulator`) writes the user's next message after each assistant turn but the last, so a seed question or a conversation grows into a conversation of this many assistant turns; each turn is a request of its own, checkpointed in the ledger.
   */
  turns?: number | null;
  /**
   * The model that plays the user when `turns` is above 1 (default: the job's own endpoints and model, with a built-in system prompt).
   */
  userSimulator?: UserSimulatorConfig | null;
  /**
   * Structured answers: a JSON Schema every answer must match, validated here and asked again when it does not.
   */
  responseFormat?: ResponseFormatOptions | null;
  /**
   * For `batch` and `auto` modes: file limits, completion window, deadline, polling.
   */
  batch?: BatchOptions | null;
  /**
   * Answers per row and model, 1 to 16 (default 1). Sent as the provider's `n` where the endpoint takes it (the prompt is paid once), else as that many requests. Every answer is kept (`answers`).
   */
  samples?: number | null;
  /**
   * Each row is answered by every model of this list (each with `samples` answers), on the job's endpoints that serve it, else on the job's first endpoint with the model changed. Default: one answer from the pool, as without it.
   */
  models?: string[] | null;
  /**
   * Scores each answer with a judge model, as a stage of the job after the answer lands; the score and reason are kept per answer.
   */
  judge?: JudgeOptions | null;
}

/**
 * Result of `startJob`.
 */
export interface StartJobResult {
  /**
   * The new job's id, used by every other job method.
   */
  jobId: string;
  /**
   * Where the answers will be written.
   */
  output: string;
}

/**
 * Parameters of `subscribeTokens`.
 */
export interface SubscribeTokensParams {
  /**
   * The job whose streamed answer text this connection wants.
   */
  jobId: string;
  /**
   * `false` stops the stream.
   */
  enabled?: boolean;
}

/**
 * The model that plays the user of a multi-turn job (`turns`): after each assistant turn but the last, it is asked for the user's next message. Each field defaults to the job's own.
 */
export interface UserSimulatorConfig {
  /**
   * Its model (default the job's model, on the job's endpoints).
   */
  model?: string | null;
  /**
   * Its system prompt (default a built-in one: write the user's next message, in the conversation's language, and only the message).
   */
  systemPrompt?: string | null;
  /**
   * Its provider's OpenAI-compatible base URL (default the job's first endpoint's, with that endpoint's key).
   */
  baseUrl?: string | null;
  /**
   * With another `baseUrl`: the environment variable holding its key (without it, no key is sent there; the job's key never is).
   */
  apiKeyEnv?: string | null;
}
