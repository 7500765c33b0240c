namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>exportRequests</c>.</summary>
/// <param name="JobId">The job whose pending rows to write (not while it runs).</param>
/// <param name="Output">The folder the files go to: <c>JOBID-requests-00001.jsonl</c>, <c>-00002</c>... (created if missing; files of those names are replaced).</param>
/// <param name="MaxLines">The most lines (rows) a file holds; default 50,000, OpenAI's limit.</param>
/// <param name="MaxBytes">The largest a file may be, in bytes; default 200,000,000 (OpenAI's 200 MB).</param>
public sealed record ExportRequestsParams(string JobId, string Output, int? MaxLines = null, long? MaxBytes = null);
