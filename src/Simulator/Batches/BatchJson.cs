using System.Text.Json;

namespace BatchAi.Simulator.Batches;

/// <summary>OpenAI's batch object, every field present (null when not reached), timestamps in Unix seconds.</summary>
internal static class BatchJson
{
    // OpenAI's only completion window: the batch's expires_at is this after its creation.
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static void Write(Utf8JsonWriter json, SimBatch batch)
    {
        json.WriteStartObject();
        json.WriteString("id", batch.Id);
        json.WriteString("object", "batch");
        json.WriteString("endpoint", batch.Endpoint);
        JsonResponse.WriteStringOrNull(json, "model", batch.Model);
        WriteErrors(json, batch.Errors);
        json.WriteString("input_file_id", batch.InputFileId);
        json.WriteString("completion_window", "24h");
        json.WriteString("status", batch.Status.Wire());
        JsonResponse.WriteStringOrNull(json, "output_file_id", batch.OutputFileId);
        JsonResponse.WriteStringOrNull(json, "error_file_id", batch.ErrorFileId);
        json.WriteNumber("created_at", batch.CreatedAt.ToUnixTimeSeconds());
        Time(json, "in_progress_at", batch.InProgressAt);
        json.WriteNumber("expires_at", (batch.CreatedAt + Window).ToUnixTimeSeconds());
        Time(json, "finalizing_at", batch.FinalizingAt);
        Time(json, "completed_at", batch.CompletedAt);
        Time(json, "failed_at", batch.FailedAt);
        Time(json, "expired_at", batch.ExpiredAt);
        Time(json, "cancelling_at", batch.CancellingAt);
        Time(json, "cancelled_at", batch.CancelledAt);
        json.WriteStartObject("request_counts");
        json.WriteNumber("total", batch.Total);
        json.WriteNumber("completed", batch.Completed);
        json.WriteNumber("failed", batch.Failed);
        json.WriteEndObject();
        WriteUsage(json, batch);
        if (batch.Metadata is null)
        {
            json.WriteNull("metadata");
        }
        else
        {
            json.WriteStartObject("metadata");
            foreach (var (key, value) in batch.Metadata)
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteErrors(Utf8JsonWriter json, List<BatchError> errors)
    {
        if (errors.Count == 0)
        {
            json.WriteNull("errors");
            return;
        }
        json.WriteStartObject("errors");
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        foreach (var error in errors)
        {
            json.WriteStartObject();
            json.WriteString("code", error.Code);
            json.WriteString("message", error.Message);
            JsonResponse.WriteStringOrNull(json, "param", error.Param);
            JsonResponse.WriteNumberOrNull(json, "line", error.Line);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // The token usage OpenAI reports on batches of chat completions, summed over the lines answered so far.
    private static void WriteUsage(Utf8JsonWriter json, SimBatch batch)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", batch.InputTokens);
        json.WriteStartObject("input_tokens_details");
        json.WriteNumber("cached_tokens", 0);
        json.WriteEndObject();
        json.WriteNumber("output_tokens", batch.OutputTokens);
        json.WriteStartObject("output_tokens_details");
        json.WriteNumber("reasoning_tokens", batch.ReasoningTokens);
        json.WriteEndObject();
        json.WriteNumber("total_tokens", batch.InputTokens + batch.OutputTokens);
        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? at) =>
        JsonResponse.WriteNumberOrNull(json, name, at?.ToUnixTimeSeconds());
}
