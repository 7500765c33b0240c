using System.Text;
using BatchAi.Simulator.Batches;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BatchAi.Simulator.Http;

/// <summary>The simulator's few routes, dispatched by hand (no routing middleware needed for a dozen endpoints).</summary>
internal sealed partial class SimulatorRouter(ChatCompletionHandler chat, BatchApi batches, SimulatorOptions options, SimulatorStats stats, SimulatorServer server, ILogger logger)
{
    /// <summary>Kestrel's category for unhandled application exceptions; silenced because <see cref="RouteAsync"/> logs them itself.</summary>
    public const string KestrelApplicationErrors = "Microsoft.AspNetCore.Server.Kestrel";

    private static readonly byte[] ModelList = Encoding.UTF8.GetBytes(
        """{"object":"list","data":[{"id":"sim-small","object":"model","created":1700000000,"owned_by":"batchai-simulator"},{"id":"sim-reasoner","object":"model","created":1700000000,"owned_by":"batchai-simulator"}]}""");

    public async Task RouteAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not StreamCutException && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(logger, exception, context.Request.Method, context.Request.Path);
            throw;
        }
    }

    private Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        if (BatchApi.Handles(path))
        {
            return batches.DispatchAsync(context, path);
        }
        return (context.Request.Method, path) switch
        {
            ("POST", "/v1/chat/completions") => chat.HandleAsync(context),
            ("GET", "/v1/models") => ModelsAsync(context),
            ("GET", "/sim/stats") => StatsJson.WriteAsync(context, stats, server.OutageActive),
            ("POST", "/sim/reset") => ResetAsync(context),
            ("POST", "/sim/outage") => OutageAsync(context),
            _ => ErrorResponses.NotFoundAsync(context),
        };
    }

    private Task ModelsAsync(HttpContext context)
    {
        if (!ApiKeys.IsAuthorized(context, options, out var presented))
        {
            return ErrorResponses.UnauthorizedAsync(context, presented);
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = ModelList.Length;
        return context.Response.Body.WriteAsync(ModelList, context.RequestAborted).AsTask();
    }

    private Task ResetAsync(HttpContext context)
    {
        server.Reset();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    // POST /sim/outage?seconds=60: the benchmark and end-to-end tests start an outage in a server in another process.
    private Task OutageAsync(HttpContext context)
    {
        if (!double.TryParse(context.Request.Query["seconds"], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            return ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
                "POST /sim/outage needs ?seconds=N (0 ends the outage, at most a day).", "invalid_request_error", null, "seconds");
        }
        var ends = server.StartOutage(TimeSpan.FromSeconds(seconds));
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"endsAt":"{{ends.UtcDateTime:O}}"}""", context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulator failed on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
