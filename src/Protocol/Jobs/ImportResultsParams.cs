namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>importResults</c>.</summary>
/// <param name="JobId">The job the results belong to (not while it runs).</param>
/// <param name="File">A batch output or error file: JSON Lines of <c>{"custom_id", "response": {"status_code", "body"}, "error"}</c>, as OpenAI's Batch API and vLLM's <c>run_batch</c> write them.</param>
public sealed record ImportResultsParams(string JobId, string File);
