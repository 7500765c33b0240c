namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>exportJob</c>.</summary>
/// <param name="JobId">The job to export.</param>
/// <param name="Output">Where to write; default the job's output path.</param>
/// <param name="Format"><c>jsonl</c>, <c>json</c> or <c>csv</c>; default the job's format (or the output's extension).</param>
public sealed record ExportJobParams(string JobId, string? Output = null, string? Format = null);
