using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Ledger;

/// <summary>A job's row in the <c>jobs</c> table. <see cref="Spec"/> is the job's settings as JSON, never holding a key.</summary>
internal sealed record JobRecord(
    string Id,
    StoredJobState State,
    string Input,
    string Output,
    string Format,
    string Model,
    string BaseUrl,
    string Spec,
    long Total,
    bool TotalKnown,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LastError,
    IReadOnlyList<string>? Columns,
    CleaningCounts? Cleaning = null);
