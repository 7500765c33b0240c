using System.Buffers;
using System.Globalization;
using System.Text.Json;
using BatchAi.Simulator.Http;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Batches;

/// <summary><c>POST /v1/batches</c>, <c>GET /v1/batches/{id}</c>, <c>POST /v1/batches/{id}/cancel</c> and <c>GET /v1/batches</c>.</summary>
internal sealed class BatchEndpoints(BatchStore batches, FileStore files, SimulatorOptions options, SimulatorStats stats)
{
    // The one endpoint the simulator answers; OpenAI accepts a few more (embeddings, responses, ...).
    private const string ChatEndpoint = "/v1/chat/completions";

    // OpenAI lists 20 batches by default, at most 100.
    private const int DefaultListLimit = 20;
    private const int MostListLimit = 100;

    public async Task CreateAsync(HttpContext context)
    {
        (string FileId, IReadOnlyDictionary<string, string>? Metadata) request;
        try
        {
            request = await ReadCreateAsync(context).ConfigureAwait(false);
        }
        catch (InvalidRequestException invalid)
        {
            await JsonResponse.BadRequestAsync(context, invalid.Message, invalid.Param).ConfigureAwait(false);
            return;
        }
        if (!files.TryGet(request.FileId, out var input))
        {
            await JsonResponse.NotFoundAsync(context, $"No such File object: {request.FileId}", "input_file_id").ConfigureAwait(false);
            return;
        }
        if (input.Purpose != "batch")
        {
            await JsonResponse.BadRequestAsync(context, $"The input file {input.Id} must be uploaded with purpose 'batch'.", "input_file_id").ConfigureAwait(false);
            return;
        }
        var settings = BatchSettings.From(options, request.Metadata);
        stats.RecordBatchCreated();
        var body = batches.Create(request.FileId, ChatEndpoint, request.Metadata, settings, Serialize);
        await WriteAsync(context, body).ConfigureAwait(false);
    }

    public Task GetAsync(HttpContext context, string id) =>
        batches.TryRead(id, Serialize, out var body) ? WriteAsync(context, body) : NoSuchBatchAsync(context, id);

    public Task CancelAsync(HttpContext context, string id)
    {
        var outcome = batches.Cancel(id, batch => (Serialize(batch), batch.Status.Wire()));
        return outcome switch
        {
            null => NoSuchBatchAsync(context, id),
            { Cancelled: true } => WriteAsync(context, outcome.Value.Result.Item1),
            // OpenAI refuses to cancel a batch that has ended.
            _ => JsonResponse.BadRequestAsync(context, $"Cannot cancel a batch with status '{outcome.Value.Result.Item2}'."),
        };
    }

    public Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = DefaultListLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MostListLimit))
        {
            return JsonResponse.BadRequestAsync(context, $"Invalid 'limit': expected an integer from 1 to {MostListLimit}.", "limit");
        }
        string? after = query["after"];
        var body = batches.List(all =>
        {
            var (page, hasMore) = JsonResponse.Page(all.ToList(), after, limit, b => b.Id);
            return Serialize(json => JsonResponse.WriteList(json, page, hasMore, b => b.Id, BatchJson.Write));
        });
        return WriteAsync(context, body);
    }

    private static async Task<(string FileId, IReadOnlyDictionary<string, string>? Metadata)> ReadCreateAsync(HttpContext context)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("We could not parse the JSON body of your request.", null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("input_file_id", out var file) || file.ValueKind != JsonValueKind.String)
            {
                throw new InvalidRequestException("Missing required parameter: 'input_file_id'.", "input_file_id");
            }
            if (!root.TryGetProperty("endpoint", out var endpoint) || !endpoint.ValueEquals(ChatEndpoint))
            {
                throw new InvalidRequestException($"Invalid value for 'endpoint': the simulator supports '{ChatEndpoint}'.", "endpoint");
            }
            if (!root.TryGetProperty("completion_window", out var window) || !window.ValueEquals("24h"))
            {
                throw new InvalidRequestException("Invalid value for 'completion_window': supported values are: '24h'.", "completion_window");
            }
            return (file.GetString()!, ReadMetadata(root));
        }
    }

    // OpenAI's metadata: at most 16 pairs of strings, keys up to 64 characters, values up to 512.
    private static Dictionary<string, string>? ReadMetadata(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("Invalid type for 'metadata': expected an object.", "metadata");
        }
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in metadata.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String || pair.Name.Length > 64 || pair.Value.GetString()!.Length > 512 || pairs.Count == 16)
            {
                throw new InvalidRequestException("Invalid 'metadata': at most 16 string values, keys up to 64 characters and values up to 512.", "metadata");
            }
            pairs[pair.Name] = pair.Value.GetString()!;
        }
        return pairs;
    }

    private static byte[] Serialize(SimBatch batch) => Serialize(json => BatchJson.Write(json, batch));

    // Written under the store's lock, sent after it: a slow client never holds the batches.
    private static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body, CompletionJson.WriterOptions))
        {
            write(json);
        }
        return body.WrittenSpan.ToArray();
    }

    private static Task WriteAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static Task NoSuchBatchAsync(HttpContext context, string id) =>
        JsonResponse.NotFoundAsync(context, $"No such Batch object: {id}", "id");
}
