using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// <c>exportRequests</c> and <c>importResults</c>: a job's pending rows written as OpenAI batch request files for a runner
/// of the user's own (vLLM <c>run_batch</c>, Ray Data), and that run's output folded back into its rows by custom_id. The
/// lines are <c>Batching/</c>'s, the same a batch job uploads; <see cref="JobManager.WhileStoppedAsync"/> keeps the job
/// from running meanwhile.
/// </summary>
internal sealed class JobBatchFiles(JobManager jobs, TimeProvider time)
{
    /// <summary>What an imported answer names as its endpoint: it came from a run outside the daemon.</summary>
    public const string OfflineEndpoint = "offline batch";

    public async Task<ExportRequestsResult> ExportRequestsAsync(ExportRequestsParams p, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(p.Output))
        {
            throw Invalid("output", "output is required: the folder the request files go to.");
        }

        var limits = new RequestFileLimits(
            p.MaxLines is { } lines ? (lines >= 1 ? lines : throw Invalid("maxLines", $"maxLines must be at least 1 (got {lines}).")) : RequestFileLimits.DefaultMaxLines,
            p.MaxBytes is { } bytes ? (bytes >= 1024 ? bytes : throw Invalid("maxBytes", $"maxBytes must be at least 1024 (got {bytes}).")) : RequestFileLimits.DefaultMaxBytes);
        var directory = Path.GetFullPath(p.Output);
        var (export, _) = await jobs.WhileStoppedAsync(p.JobId, "export the requests of", spec =>
        {
            var endpoint = spec.AllEndpoints()[0];
            try
            {
                return Task.FromResult(RequestExport.Write(jobs.Ledger, p.JobId, endpoint.Model, Dialects.For(endpoint.MaxTokensParameter, endpoint.BaseUrl),
                    row => spec.RowRequest(row.Question, row.Conversation), directory, $"{p.JobId}-requests", limits, cancellationToken));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RequestRefusedException(RefusalReason.OutputError, $"Could not write request files to {directory}: {e.Message}",
                    new RefusedAt(Field: "output", File: directory, JobId: p.JobId));
            }
        }).ConfigureAwait(false);
        return new ExportRequestsResult(
            export.Files.Select(f => new RequestFileInfo(f.Path, f.Lines, f.Bytes, f.FirstRow, f.LastRow)).ToList(),
            export.Files.Sum(f => (long)f.Lines),
            export.LeftOut.Select(l => new RowProblem(l.Row, l.Reason)).ToList());
    }

    public async Task<ImportResultsResult> ImportResultsAsync(ImportResultsParams p, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(p.File))
        {
            throw Invalid("file", "file is required: a batch output or error file (JSONL).");
        }

        var path = Path.GetFullPath(p.File);
        var (report, job) = await jobs.WhileStoppedAsync(p.JobId, "import results into", async _ =>
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RequestRefusedException(RefusalReason.InvalidInput, $"Could not read {path}: {e.Message}", new RefusedAt(Field: "file", File: path, JobId: p.JobId));
            }

            await using (file.ConfigureAwait(false))
            {
                var rows = jobs.Ledger.Reader.GetJob(p.JobId)?.Total ?? 0;
                return await new ResultFolder(jobs.Ledger, p.JobId, rows, OfflineEndpoint, time).FoldAsync(file, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return new ImportResultsResult(report.Lines, report.Answered, report.Failed, report.Requeued, report.RefusedCount,
            report.Refused.Select(r => new RefusedResultLine(r.Line, r.CustomId, r.Reason)).ToList(), job);
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
