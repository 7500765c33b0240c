using System.ClientModel;
using System.ClientModel.Primitives;
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
        // Choice 0 streams to the row's sink; the others of a request with n are collected by their index.
        var choices = new ChoiceText[wire.Choices ? Math.Max(1, request.Choices) : 1];
        choices[0] = new ChoiceText(sink);
        int? promptTokens = null, completionTokens = null;
        TimeSpan? firstToken = null;
        ChoiceText Choice(int index) => index <= 0 || index >= choices.Length ? choices[0] : choices[index] ??= new ChoiceText(NoDeltaSink.Instance);

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

                Choice(chunk.Index).Add(chunk.Content, chunk.Reasoning, chunk.FinishReason);
                foreach (var other in chunk.Others ?? [])
                {
                    Choice(other.Index).Add(other.Content, other.Reasoning, other.FinishReason);
                }

                if (firstToken is null && choices[0].Started)
                {
                    firstToken = _time.GetElapsedTime(started);
                }

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
            && Dialects.Instead(wire, ProviderError.Read(e.GetRawResponse()), request.MaxTokens is not null, request.ResponseFormat is not null,
                choices.Length > 1, request.Sample > 0 && wire.Seed) is { } instead)
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

        foreach (var choice in choices)
        {
            choice?.Flush();
        }

        if (choices[0].FinishReason is null)
        {
            // A stream that ends without a finish reason was cut: its text is not an answer.
            throw new ProviderException(ProviderFault.Transient, $"{Endpoint}: the stream ended before the answer was finished");
        }

        return Answer(choices, promptTokens, completionTokens, firstToken ?? _time.GetElapsedTime(started));
    }

    /// <summary>
    /// Choice 0's answer, with the request's other finished choices. The prompt was sent once: its tokens are choice 0's. Usage
    /// gives one total of completion tokens for all choices, shared here by each choice's length (choice 0 takes the rounding).
    /// </summary>
    private ChatAnswer Answer(ChoiceText?[] choices, int? promptTokens, int? completionTokens, TimeSpan firstToken)
    {
        if (choices.Length == 1)
        {
            // One answer asked (every plain row): nothing to share.
            return choices[0]!.ToAnswer(promptTokens, completionTokens, firstToken);
        }

        var finished = choices.Select((c, i) => (Text: c, Index: i)).Where(c => c.Text?.FinishReason is not null).ToList();
        if (finished.Count == 1)
        {
            // Asked for several, given one: the endpoint ignores n (DeepSeek, Ollama). Ask one at a time from now on.
            _wire = _wire with { Choices = false };
            return choices[0]!.ToAnswer(promptTokens, completionTokens, firstToken);
        }

        var length = Math.Max(1, finished.Sum(c => c.Text!.Length));
        var shares = finished.Select(c => completionTokens is { } total ? (int?)(int)((long)total * c.Text!.Length / length) : null).ToArray();
        if (completionTokens is { } all)
        {
            shares[0] = all - shares.Skip(1).Sum(s => s ?? 0);
        }

        var others = finished.Skip(1).Select((c, i) => c.Text!.ToAnswer(null, shares[i + 1], firstToken, c.Index)).ToList();
        return choices[0]!.ToAnswer(promptTokens, shares[0], firstToken) with { OtherChoices = others };
    }

    private ProviderException Classify(ClientResultException e)
    {
        var response = e.GetRawResponse();
        var error = ProviderError.Read(response);
        var detail = error.Message ?? e.Message;
        var message = Secrets.Redact($"{Endpoint}: HTTP {e.Status}{(response?.ReasonPhrase is { Length: > 0 } p ? " " + p : "")}: {detail}", _apiKey);
        var pushback = PushbackReader.Read(e.Status, error.Code, error.Type, error.Message, name => Header(response, name));
        return e.Status switch
        {
            401 or 403 => new ProviderException(ProviderFault.KeyRefused, $"{message} (the API key was refused)", inner: e, status: e.Status),
            _ when pushback == Pushback.QuotaSpent => new ProviderException(ProviderFault.QuotaSpent, message, inner: e, status: e.Status, pushback: pushback),
            408 or 409 or 429 or >= 500 or 0 => new ProviderException(
                ProviderFault.Transient,
                message,
                RetryAfter.Parse(Header(response, "retry-after-ms"), Header(response, "Retry-After"), _time.GetUtcNow()),
                e,
                e.Status,
                pushback: pushback),
            _ => new ProviderException(ProviderFault.Rejected, message, inner: e, status: e.Status),
        };
    }

    private static string? Header(PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out var value) ? value : null;
}
