using BatchAi.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Batches;

/// <summary>The routes under <c>/v1/files</c> and <c>/v1/batches</c>, behind the same key check as chat completions.</summary>
internal sealed class BatchApi(FileStore files, BatchStore batches, SimulatorOptions options, SimulatorStats stats)
{
    private readonly FileEndpoints _files = new(files);
    private readonly BatchEndpoints _batches = new(batches, files, options, stats);

    public static bool Handles(string path) =>
        path == "/v1/files" || path.StartsWith("/v1/files/", StringComparison.Ordinal)
        || path == "/v1/batches" || path.StartsWith("/v1/batches/", StringComparison.Ordinal);

    public Task DispatchAsync(HttpContext context, string path)
    {
        if (!ApiKeys.IsAuthorized(context, options, out var presented))
        {
            return ErrorResponses.UnauthorizedAsync(context, presented);
        }
        // Output files appear when their batch ends: on a clock worked out when someone looks, bring the batches up to it before
        // answering for files too. In background mode this does nothing: the fleet does the work, and the request reads what it reached.
        batches.AdvanceAllNow();
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (context.Request.Method, parts) switch
        {
            ("POST", [_, "files"]) => FileUpload.HandleAsync(context, files, options, stats),
            ("GET", [_, "files"]) => _files.ListAsync(context),
            ("GET", [_, "files", var id]) => _files.GetAsync(context, id),
            ("DELETE", [_, "files", var id]) => _files.DeleteAsync(context, id),
            ("GET", [_, "files", var id, "content"]) => _files.ContentAsync(context, id),
            ("POST", [_, "batches"]) => _batches.CreateAsync(context),
            ("GET", [_, "batches"]) => _batches.ListAsync(context),
            ("GET", [_, "batches", var id]) => _batches.GetAsync(context, id),
            ("POST", [_, "batches", var id, "cancel"]) => _batches.CancelAsync(context, id),
            _ => ErrorResponses.NotFoundAsync(context),
        };
    }
}
