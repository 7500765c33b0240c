using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Net.ServerSentEvents;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// One attempt through the OpenAI .NET SDK's HTTP pipeline against any OpenAI-compatible base URL, streaming on.
/// The events are read by <see cref="SseParser"/> into <see cref="StreamChunk"/>s rather than the SDK's streaming model.
/// </summary>
internal sealed class OpenAiChatProvider : IChatProvider
{
    // Local servers (vLLM, Ollama, the simulator) take any key, but the SDK insists on one.
    private const string NoKey = "no-key";

    private readonly ChatClient _client;
    private readonly string _model;
    private readonly string? _apiKey;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _silence;
    private volatile WireOptions _wire;

    /// <param name="firstTokenTimeout">The longest silence allowed (before the first token, or between chunks) unless <paramref name="silence"/> says.</param>
    /// <param name="silence">The longest silence allowed now: an endpoint's timeout that adapts to what it has shown.</param>
    /// <param name="wire">The endpoint's dialect to begin with (<see cref="Dialects.For"/>); a 400 that names the cap's parameter switches it.</param>
    public OpenAiChatProvider(string baseUrl, string model, string? apiKey, TimeProvider time, TimeSpan firstTokenTimeout, Action<RateLimitSnapshot>? onRateLimits = null, string? name = null,
        Func<TimeSpan>? silence = null, WireOptions? wire = null)
    {
        _wire = wire ?? WireOptions.Default;
        Endpoint = name is null ? $"{baseUrl} (model {model})" : $"{name}: {baseUrl} (model {model})";
        _apiKey = apiKey;
        _model = model;
        _time = time;
        _silence = silence ?? (() => firstTokenTimeout);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            // Polly owns retries (ResilientChat); the SDK's own would hide 429s from the pool and double the wait.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Timeouts are per attempt and per first token, enforced by ResilientChat and below.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            // The daemon logs what matters itself (to stderr, keys redacted); the SDK's per-message logging is only work per request.
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
        };
        if (onRateLimits is not null)
        {
            options.AddPolicy(new RateLimitObserver(onRateLimits, time), PipelinePosition.PerCall);
        }

        _client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? NoKey : apiKey), options);
    }

    public string Endpoint { get; }

    public string Dialect => _wire.MaxTokensField == MaxTokensField.MaxTokens ? "max_tokens" : "max_completion_tokens";

    public async Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken)
    {
        var wire = _wire;
        // At most one switch per parameter (the cap's name; json_schema, then json_object): a 400 is never paid for.
        for (var switches = 0; ; switches++)
        {
            try
            {
                return await AttemptAsync(request, sink, wire, cancellationToken).ConfigureAwait(false);
            }
            catch (WrongDialectException wrong) when (switches < 3)
            {
                // The endpoint named a parameter as unknown: it speaks the other dialect from now on, and this row is
                // sent again in it (the same request, so the same fingerprint: nothing is paid twice for it).
                _wire = wire = wrong.Instead;
            }
            catch (WrongDialectException wrong)
            {
                throw (Exception?)wrong.InnerException is ClientResultException refused ? Classify(refused) : wrong;
            }
        }
    }

    private async Task<ChatAnswer> AttemptAsync(ChatRequest request, IChatDeltaSink sink, WireOptions wire, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var silence = new SilenceWatch(_time, _silence);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, silence.Token);
        var answer = new StringBuilder();
        StringBuilder? reasoning = null;
        string? finishReason = null;
        int? promptTokens = null, completionTokens = null;
        TimeSpan? firstToken = null;
        var think = new ThinkSplitter();
        void Emit(string thought, string said)
        {
            if (thought.Length > 0)
            {
                (reasoning ??= new StringBuilder()).Append(thought);
                sink.OnDelta(thought, reasoning: true);
            }

            if (said.Length > 0)
            {
                answer.Append(said);
                sink.OnDelta(said, reasoning: false);
            }
        }

        try
        {
            // The SDK's protocol method: its HTTP pipeline (key, rate-limit observer, errors as ClientResultException)
            // with the response left unbuffered, so the events are read as they arrive.
            var result = await _client.CompleteChatAsync(
                ChatRequestBody.Write(_model, request, wire),
                new RequestOptions { BufferResponse = false, CancellationToken = linked.Token }).ConfigureAwait(false);
            using var response = result.GetRawResponse();
            silence.OnActivity();
            // Any byte proves the server is alive: keep-alives before the first token, chunks after it.
            var body = new ActivityStream(response.ContentStream ?? Stream.Null, silence.OnActivity);
            var events = SseParser.Create(body, static (_, data) => StreamChunk.Parse(data));
            await foreach (var item in events.EnumerateAsync(linked.Token).ConfigureAwait(false))
            {
                var chunk = item.Data;
                if (chunk.Done)
                {
                    break;
                }
                if (chunk.Error is { } error)
                {
                    throw new ProviderException(ProviderFault.Transient, Secrets.Redact($"{Endpoint}: the stream reported an error: {error}", _apiKey));
                }

                if (chunk.Reasoning is { Length: > 0 } reasoningDelta)
                {
                    Emit(reasoningDelta, string.Empty);
                }

                if (chunk.Content is { Length: > 0 } text)
                {
                    var (thought, said) = think.Push(text);
                    Emit(thought, said);
                }

                if (firstToken is null && (answer.Length > 0 || reasoning is not null))
                {
                    firstToken = _time.GetElapsedTime(started);
                }

                finishReason = chunk.FinishReason ?? finishReason;
                promptTokens = chunk.PromptTokens ?? promptTokens;
                completionTokens = chunk.CompletionTokens ?? completionTokens;
            }
        }
        catch (OperationCanceledException) when (silence.Fired && !cancellationToken.IsCancellationRequested)
        {
            var what = firstToken is null ? "no first token" : "the stream went silent, no chunk";
            throw new ProviderException(ProviderFault.Transient, $"{Endpoint}: {what} within {silence.Limit.TotalSeconds:0.#} s", timedOut: true);
        }
        catch (ClientResultException e) when (e.Status == 400
            && Dialects.Instead(wire, ProviderError.Read(e.GetRawResponse()), request.MaxTokens is not null, request.ResponseFormat is not null) is { } instead)
        {
            throw new WrongDialectException(instead, e);
        }
        catch (ClientResultException e)
        {
            throw Classify(e);
        }
        catch (JsonException e)
        {
            throw new ProviderException(ProviderFault.Transient, $"{Endpoint}: the answer is not OpenAI's stream format: {e.Message}", inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ProviderException(ProviderFault.Transient, $"{Endpoint}: connection failed: {Secrets.Redact(e.Message, _apiKey)}", inner: e);
        }

        var (lastThought, lastSaid) = think.Flush();
        Emit(lastThought, lastSaid);
        if (finishReason is null)
        {
            // A stream that ends without a finish reason was cut: its text is not an answer.
            throw new ProviderException(ProviderFault.Transient, $"{Endpoint}: the stream ended before the answer was finished");
        }

        return new ChatAnswer(answer.ToString(), reasoning?.ToString(), finishReason, promptTokens, completionTokens, FirstToken: firstToken ?? _time.GetElapsedTime(started));
    }

    private ProviderException Classify(ClientResultException e) => ProviderFaults.Classify(e, Endpoint, _apiKey, _time.GetUtcNow());
}
