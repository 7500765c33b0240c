using System.Buffers;
using System.Text.Json;
using BatchAi.Simulator.Http;
using BatchAi.Simulator.Text;
using Microsoft.Win32.SafeHandles;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// Reads a batch's input file once, as OpenAI validates it before running anything: every line a JSON object with a unique
/// custom_id, method POST, the batch's url, and one model for the whole file. The codes are those OpenAI documents for
/// <c>errors.data</c> (<c>invalid_json_line</c>, <c>duplicate_custom_id</c>, <c>url_mismatch</c>, <c>model_mismatch</c>,
/// <c>empty_file</c>, <c>too_many_tasks</c>); a missing field gets <c>missing_required_parameter</c>.
/// </summary>
internal static class BatchValidator
{
    // Enough to show a client what is wrong without a list as long as the file.
    private const int MostErrors = 100;

    /// <param name="batchNumber">
    /// The batch's place among those created on the server: the answering order, and so which lines the window closes on, is drawn
    /// by seed, batch and custom_id. A real provider's expiry falls on whatever lines its fleet had not reached, not on a custom_id:
    /// a line that expired in one batch is not bound to expire again when sent in the next. Two servers with one seed given the
    /// same sequence of batches still draw the same lines.
    /// </param>
    /// <param name="cancellationToken">The fleet stopping (background mode validates outside the store's lock, on its own thread).</param>
    public static (BatchPlan? Plan, List<BatchError> Errors) Validate(StoredFile file, string endpoint, BatchSettings settings, long batchNumber, CancellationToken cancellationToken = default)
    {
        var errors = new List<BatchError>();
        if (settings.FailValidation)
        {
            errors.Add(new BatchError("invalid_request", "Simulated validation failure (metadata \"sim\": \"fail_validation\" or BatchFailValidation)."));
            return (null, errors);
        }
        SafeFileHandle input;
        try
        {
            // Opened once, shared for delete: a client deleting its input file while the batch runs does not break the batch.
            input = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            errors.Add(new BatchError("file_not_found", $"The input file {file.Id} was deleted before the batch was validated.", "input_file_id"));
            return (null, errors);
        }
        var offsets = new List<long>();
        var lengths = new List<int>();
        var keys = new List<ulong>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        long promptTokens = 0;
        var lineNumber = 0;
        foreach (var (offset, line) in Lines(input))
        {
            lineNumber++;
            if (cancellationToken.IsCancellationRequested)
            {
                input.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (line.Span.Trim(" \t\r"u8).IsEmpty || errors.Count >= MostErrors)
            {
                continue;
            }
            var error = Check(line, lineNumber, endpoint, seen, ref model, out var customId, settings.EnqueuedTokenLimit is not null, ref promptTokens);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }
            offsets.Add(offset);
            lengths.Add(line.Length);
            keys.Add(StableHash.Of($"{settings.Seed}:order:{batchNumber}:{customId}"));
        }
        if (errors.Count == 0 && offsets.Count == 0)
        {
            errors.Add(new BatchError("empty_file", "The batch input file is empty. Please provide a file with at least one request."));
        }
        if (errors.Count == 0 && offsets.Count > settings.MaxLines)
        {
            errors.Add(new BatchError("too_many_tasks", $"The batch input file has {offsets.Count} requests; the limit is {settings.MaxLines}."));
        }
        if (errors.Count > 0)
        {
            input.Dispose();
            return (null, errors);
        }
        var order = Enumerable.Range(0, offsets.Count).ToArray();
        Array.Sort(keys.ToArray(), order);
        var expiring = (int)Math.Round(order.Length * settings.ExpiredShare);
        return (new BatchPlan(input, [.. offsets], [.. lengths], order, expiring, model!, promptTokens), errors);
    }

    private static BatchError? Check(ReadOnlyMemory<byte> line, int number, string endpoint, HashSet<string> seen, ref string? model, out string customId, bool countTokens, ref long promptTokens)
    {
        customId = "";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return new BatchError("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new BatchError("invalid_json_line", "This line is not parseable as valid JSON.", null, number);
            }
            if (!root.TryGetProperty("custom_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } custom)
            {
                return new BatchError("missing_required_parameter", "Missing required parameter: 'custom_id'.", "custom_id", number);
            }
            customId = custom;
            if (!root.TryGetProperty("method", out var method) || !method.ValueEquals("POST"))
            {
                return new BatchError("invalid_request", "The method of every request in a batch must be 'POST'.", "method", number);
            }
            if (!root.TryGetProperty("url", out var url) || !url.ValueEquals(endpoint))
            {
                return new BatchError("url_mismatch", $"The provided URL does not match the batch endpoint '{endpoint}'.", "url", number);
            }
            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object
                || !body.TryGetProperty("model", out var m) || m.ValueKind != JsonValueKind.String)
            {
                return new BatchError("missing_required_parameter", "Missing required parameter: 'body.model'.", "body.model", number);
            }
            var lineModel = m.GetString()!;
            model ??= lineModel;
            if (lineModel != model)
            {
                return new BatchError("model_mismatch", $"The provided model '{lineModel}' does not match the model of the batch's other requests ('{model}').", "body.model", number);
            }
            if (!seen.Add(custom))
            {
                return new BatchError("duplicate_custom_id",
                    "The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each individual request in a batch.",
                    "custom_id", number);
            }
            if (countTokens)
            {
                promptTokens += PromptTokensOf(body);
            }
            return null;
        }
    }

    // A body the chat endpoint would refuse costs nothing: it will get a 400 line, not an answer.
    private static int PromptTokensOf(JsonElement body)
    {
        try
        {
            return ChatRequest.FromJson(body).PromptTokens;
        }
        catch (InvalidRequestException)
        {
            return 0;
        }
    }

    // The file's lines with their byte offsets, read once in large blocks; a line's memory is valid until the next one.
    private static IEnumerable<(long Offset, ReadOnlyMemory<byte> Line)> Lines(SafeFileHandle input)
    {
        var buffer = new byte[1 << 16];
        var pending = new ArrayBufferWriter<byte>();
        long position = 0;
        long lineStart = 0;
        int read;
        while ((read = RandomAccess.Read(input, buffer, position)) > 0)
        {
            var chunk = buffer.AsMemory(0, read);
            while (chunk.Span.IndexOf((byte)'\n') is var newline and >= 0)
            {
                pending.Write(chunk.Span[..newline]);
                yield return (lineStart, pending.WrittenMemory);
                pending.ResetWrittenCount();
                position += newline + 1;
                lineStart = position;
                chunk = chunk[(newline + 1)..];
            }
            pending.Write(chunk.Span);
            position += chunk.Length;
        }
        if (pending.WrittenCount > 0)
        {
            yield return (lineStart, pending.WrittenMemory);
        }
    }
}
