#pragma warning disable OPENAI001 // The SDK's batch client is marked experimental; its protocol methods are OpenAI's Batch API as documented.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using BatchAi.Daemon.Providers;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;
using Polly;
using Polly.Retry;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// A provider's Files and Batches API (OpenAI's <c>/v1/files</c> and <c>/v1/batches</c>) through the OpenAI .NET SDK, with the
/// SDK's retries off and ours on (Polly: passing faults retried with back-off, Retry-After honoured), as the online path does.
/// Every failure comes out as a <see cref="ProviderException"/>: passing, refused, or the key refused.
/// </summary>
internal sealed class ProviderBatches
{
    // Local servers take any key, but the SDK insists on one.
    private const string NoKey = "no-key";

    // OpenAI lists at most 10,000 files and 100 batches a page.
    private const int FilePage = 10_000;
    private const int BatchPage = 100;

    private readonly OpenAIFileClient _files;
    private readonly BatchClient _batches;
    private readonly ResiliencePipeline _retry;
    private readonly string _endpoint;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;

    public ProviderBatches(string baseUrl, string? apiKey, RetrySettings retry, TimeProvider time)
    {
        _endpoint = baseUrl;
        _apiKey = apiKey;
        _time = time;
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // A request file may be 200 MB: its upload is not held to a chat request's timeout.
            NetworkTimeout = TimeSpan.FromMinutes(30),
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
        };
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? NoKey : apiKey), options);
        _files = client.GetOpenAIFileClient();
        _batches = client.GetBatchClient();
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { Fault: ProviderFault.Transient }),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
            })
            .Build();
    }

    /// <summary>The id of a batch file already uploaded under <paramref name="filename"/> (an upload that reached the provider before a crash), or null.</summary>
    public Task<string?> FindFileAsync(string filename, CancellationToken cancellationToken) => CallAsync(async ct =>
    {
        string? after = null;
        while (true)
        {
            var page = await _files.GetFilesAsync("batch", FilePage, "asc", after, Options(ct)).ConfigureAwait(false);
            using var json = JsonDocument.Parse(page.GetRawResponse().Content);
            string? last = null;
            foreach (var file in Data(json.RootElement))
            {
                last = file.GetProperty("id").GetString();
                if (file.TryGetProperty("filename", out var name) && name.ValueEquals(filename))
                {
                    return last;
                }
            }

            if (last is null || !HasMore(json.RootElement))
            {
                return null;
            }

            after = last;
        }
    }, cancellationToken);

    /// <summary>Uploads a request file (purpose <c>batch</c>), read from disk as it goes; returns its file id.</summary>
    public Task<string> UploadAsync(string path, string filename, CancellationToken cancellationToken) => CallAsync(async ct =>
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var uploaded = await _files.UploadFileAsync(file, filename, FileUploadPurpose.Batch, ct).ConfigureAwait(false);
        return uploaded.Value.Id;
    }, cancellationToken);

    /// <summary>The provider's batch made of <paramref name="inputFileId"/> (a create that reached it before a crash), or null.</summary>
    public Task<BatchSnapshot?> FindBatchAsync(string inputFileId, CancellationToken cancellationToken) => CallAsync(async ct =>
    {
        await foreach (var page in _batches.GetBatchesAsync(after: null, limit: BatchPage, Options(ct)).GetRawPagesAsync().ConfigureAwait(false))
        {
            using var json = JsonDocument.Parse(page.GetRawResponse().Content);
            foreach (var batch in Data(json.RootElement))
            {
                if (batch.TryGetProperty("input_file_id", out var input) && input.ValueEquals(inputFileId))
                {
                    return BatchSnapshot.Parse(batch);
                }
            }
        }

        return null;
    }, cancellationToken);

    /// <summary>Creates the batch of an uploaded file for the chat completions endpoint.</summary>
    public Task<BatchSnapshot> CreateAsync(string fileId, string completionWindow, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        CallAsync(async ct =>
        {
            var body = BinaryContent.Create(BinaryData.FromObjectAsJson(new Dictionary<string, object>
            {
                ["input_file_id"] = fileId,
                ["endpoint"] = RequestLine.Url,
                ["completion_window"] = completionWindow,
                ["metadata"] = metadata,
            }));
            var operation = await _batches.CreateBatchAsync(body, waitUntilCompleted: false, Options(ct)).ConfigureAwait(false);
            return Snapshot(operation.GetRawResponse());
        }, cancellationToken);

    public Task<BatchSnapshot> GetAsync(string batchId, CancellationToken cancellationToken) => CallAsync(async ct =>
        Snapshot((await _batches.GetBatchAsync(batchId, Options(ct)).ConfigureAwait(false)).GetRawResponse()), cancellationToken);

    /// <summary>Asks the provider to cancel the batch (<c>POST /v1/batches/{id}/cancel</c>); the lines it answered meanwhile are in its output.</summary>
    public Task<BatchSnapshot> CancelAsync(string batchId, CancellationToken cancellationToken) => CallAsync(async ct =>
    {
        var operation = await CreateBatchOperation.RehydrateAsync(_batches, batchId, ct).ConfigureAwait(false);
        return Snapshot((await operation.CancelAsync(Options(ct)).ConfigureAwait(false)).GetRawResponse());
    }, cancellationToken);

    /// <summary>A result file's content, streamed as it arrives: dispose the response once read.</summary>
    public Task<PipelineResponse> DownloadAsync(string fileId, CancellationToken cancellationToken) => CallAsync(async ct =>
    {
        var result = await _files.DownloadFileAsync(fileId, new RequestOptions { BufferResponse = false, CancellationToken = ct }).ConfigureAwait(false);
        return result.GetRawResponse();
    }, cancellationToken);

    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct =>
        {
            try
            {
                return await call(ct).ConfigureAwait(false);
            }
            catch (ClientResultException e)
            {
                throw ProviderFaults.Classify(e, _endpoint, _apiKey, _time.GetUtcNow());
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException or KeyNotFoundException or InvalidOperationException
                                      && !ct.IsCancellationRequested)
            {
                throw new ProviderException(ProviderFault.Transient, Secrets.Redact($"{_endpoint}: {e.Message}", _apiKey), inner: e);
            }
        }, cancellationToken).ConfigureAwait(false);

    private static BatchSnapshot Snapshot(PipelineResponse response)
    {
        using var json = JsonDocument.Parse(response.Content);
        return BatchSnapshot.Parse(json.RootElement);
    }

    private static IEnumerable<JsonElement> Data(JsonElement list) =>
        list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.EnumerateArray() : [];

    private static bool HasMore(JsonElement list) => list.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True;

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };
}
