using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary><c>GET /sim/stats</c>: the stats as camelCase JSON, for scripts.</summary>
internal static class StatsJson
{
    public static Task WriteAsync(HttpContext context, SimulatorStats stats, bool outageActive)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("totalRequests", stats.TotalRequests);
            json.WriteNumber("completedRequests", stats.CompletedRequests);
            json.WriteNumber("inFlight", stats.InFlight);
            json.WriteNumber("maxConcurrent", stats.MaxConcurrent);
            json.WriteNumber("faultsInjected", stats.FaultsInjected);
            json.WriteNumber("rateLimitedRequests", stats.RateLimitedRequests);
            json.WriteNumber("limitGranted", stats.LimitGranted);
            json.WriteNumber("peakRequestsInWindow", stats.PeakRequestsInWindow);
            json.WriteNumber("quotaRefusals", stats.QuotaRefusals);
            json.WriteNumber("outageRequests", stats.OutageRequests);
            json.WriteBoolean("outageActive", outageActive);
            json.WriteNumber("dialectRefusals", stats.DialectRefusals);
            json.WriteNumber("keepAlivesSent", stats.KeepAlivesSent);
            json.WriteNumber("queued", stats.Queued);
            json.WriteNumber("maxQueued", stats.MaxQueued);
            json.WriteNumber("fileUploads", stats.FileUploads);
            json.WriteNumber("bytesUploaded", stats.BytesUploaded);
            json.WriteNumber("batchesCreated", stats.BatchesCreated);
            json.WriteNumber("batchesFinished", stats.BatchesFinished);
            json.WriteNumber("batchLinesSucceeded", stats.BatchLinesSucceeded);
            json.WriteNumber("batchLinesFailed", stats.BatchLinesFailed);
            json.WriteNumber("batchLinesExpired", stats.BatchLinesExpired);
            WriteCounts(json, "uploadsByFilename", stats.UploadsByFilename);
            WriteCounts(json, "batchLinesByCustomId", stats.BatchLinesByCustomId);
            json.WriteStartObject("faultsByKind");
            foreach (var (kind, count) in stats.FaultsByKind)
            {
                json.WriteNumber(kind.ToString(), count);
            }
            json.WriteEndObject();
            json.WriteStartObject("requestsByQuestion");
            foreach (var (question, count) in stats.RequestsByQuestion)
            {
                json.WriteNumber(question, count);
            }
            json.WriteEndObject();
            json.WriteStartArray("requestsBySettings");
            foreach (var (settings, count) in stats.RequestsBySettings)
            {
                json.WriteStartObject();
                json.WriteString("model", settings.Model);
                json.WriteString("systemPrompt", settings.SystemPrompt);
                WriteNumberOrNull(json, "temperature", settings.Temperature);
                WriteNumberOrNull(json, "maxTokens", settings.MaxTokens);
                json.WriteNumber("requests", count);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        return context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).AsTask();
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, int> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            json.WriteNumber(key, count);
        }
        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
