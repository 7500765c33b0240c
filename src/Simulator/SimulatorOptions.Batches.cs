namespace BatchAi.Simulator;

/// <summary>OpenAI's Batch API (<c>/v1/files</c>, <c>/v1/batches</c>): how long a batch takes and how it goes wrong.</summary>
public sealed partial class SimulatorOptions
{
    /// <summary>OpenAI's limit on a batch input file: 200 MB. Larger uploads get 400.</summary>
    public const long DefaultMaxFileBytes = 200L * 1024 * 1024;

    /// <summary>OpenAI's limit on requests in one batch: 50,000.</summary>
    public const int DefaultMaxBatchLines = 50_000;

    /// <summary>The largest upload accepted (any purpose); a larger one gets 400 <c>invalid_request_error</c>.</summary>
    public long MaxFileBytes { get; set; } = DefaultMaxFileBytes;

    /// <summary>The most lines a <c>purpose=batch</c> upload may have; one with more gets 400.</summary>
    public int MaxBatchLines { get; set; } = DefaultMaxBatchLines;

    /// <summary>How long a new batch stays <c>validating</c>, on <see cref="TimeProvider"/>.</summary>
    public TimeSpan BatchValidationTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a batch stays <c>in_progress</c>, on <see cref="TimeProvider"/>: its lines are answered evenly over this time (so a
    /// cancel part-way keeps the first ones), and when <see cref="BatchExpiredShare"/> is set the 24 h window ends at its close.
    /// </summary>
    public TimeSpan BatchCompletionTime { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a batch stays <c>finalizing</c> before <c>completed</c>, and <c>cancelling</c> before <c>cancelled</c>.</summary>
    public TimeSpan BatchFinalizingTime { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Share (0..1) of batch lines answered with a 500 in the error file, chosen by custom_id and <see cref="Seed"/>.</summary>
    public double BatchFailedShare { get; set; }

    /// <summary>
    /// Share (0..1) of each batch's lines the 24 h window closes on: the batch ends <c>expired</c> and those lines go to the error
    /// file as <c>batch_expired</c>, unanswered, as OpenAI does when a batch runs out of time.
    /// </summary>
    public double BatchExpiredShare { get; set; }

    /// <summary>Every new batch fails validation (one batch can ask for it with metadata <c>"sim": "fail_validation"</c>).</summary>
    public bool BatchFailValidation { get; set; }

    /// <summary>
    /// OpenAI's enqueued-token quota: the prompt tokens of the batches in progress, with the one being validated, may not pass
    /// this, or that batch fails with <c>token_limit_exceeded</c>. Null (the default): no quota.
    /// </summary>
    public long? BatchEnqueuedTokenLimit { get; set; }

    /// <summary>
    /// Whether batches are run by a background "fleet" rather than worked out inside the files and batches requests. Null (the
    /// default): on exactly when <see cref="TimeProvider"/> is <see cref="System.TimeProvider.System"/>. Read once, when the server starts.
    /// </summary>
    /// <remarks>
    /// A real provider (OpenAI, Azure OpenAI's global batch, Groq) runs batches on its own fleet: an upload, a create, a retrieve
    /// or a list is answered at once, and a batch its fleet is behind on simply reports <c>in_progress</c> longer. In background mode
    /// a loop answers the lines due, a slice at a time, releasing the lock between slices; requests only read the state it has
    /// reached, so output files appear when the fleet finishes the batch. Off, each request first brings every batch up to the clock
    /// (all lines due answered inside that request): exact and race-free on a fake clock, which is what tests that advance time want.
    /// </remarks>
    public bool? BatchWorkInBackground { get; set; }

    /// <summary>
    /// In background mode, the most batch lines per second the fleet works on, over all batches (answered, or written as
    /// expired); null (the default): as fast as the machine goes. Lower it to play a provider under load: a batch whose lines are
    /// due faster stays <c>in_progress</c> past <see cref="BatchCompletionTime"/> until the fleet catches up, as OpenAI's batches do
    /// at busy times and Azure's global batch does on a busy deployment. Read on every pass of the fleet, so a test may lift it.
    /// </summary>
    public double? BatchFleetLinesPerSecond { get; set; }
}
