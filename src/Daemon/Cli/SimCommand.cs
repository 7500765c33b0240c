using System.CommandLine;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai sim</c>: the OpenAI-compatible simulator on 127.0.0.1, for trying clients and scripts without a key.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 0 };
        var ttft = new Option<int>("--ttft-ms") { Description = "Time to first token, in milliseconds.", DefaultValueFactory = _ => 100 };
        var tps = new Option<double>("--tokens-per-second") { Description = "Streaming pace (0: as fast as possible).", DefaultValueFactory = _ => 50 };
        var faults = new Option<double>("--fault-rate") { Description = "Share of requests that get a random fault (429, 500, 503, cut stream, hang).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int?>("--seed") { Description = "Seed for the fault draw, for a reproducible run." };
        // The provider's behaviour: a profile first, then any knob given on top of it.
        var profile = new Option<string?>("--profile") { Description = "Play one provider: " + string.Join(", ", SimulatorProfile.Names) + "." };
        var faultKinds = new Option<string?>("--fault-kinds") { Description = "The random faults to draw from, comma-separated: " + string.Join(", ", SimulatorFaultNames.All) + "." };
        var retryAfter = new Option<int?>("--retry-after-ms") { Description = "Retry-After sent with injected 429s, in milliseconds (default 1000)." };
        var requests = new Option<int?>("--requests-per-window") { Description = "Request limit per sliding window (429 beyond)." };
        var tokens = new Option<int?>("--tokens-per-window") { Description = "Prompt plus completion token limit per window." };
        var inputTokens = new Option<int?>("--input-tokens-per-window") { Description = "Input token limit per window, apart from output (Anthropic)." };
        var outputTokens = new Option<int?>("--output-tokens-per-window") { Description = "Output token limit per window, apart from input (Anthropic)." };
        var window = new Option<double?>("--window-seconds") { Description = "The limits' window, 1 to 60 seconds (default 60)." };
        var headers = new Option<RateLimitHeaderStyle?>("--rate-headers") { Description = "How limits are stated: OpenAi, Azure, Anthropic or None." };
        var errorStyle = new Option<ErrorStyle?>("--error-style") { Description = "Body of a limit's 429: OpenAi or Ark." };
        var quota = new Option<bool>("--quota-exhausted") { Description = "Answer every request 429 insufficient_quota." };
        var queue = new Option<int?>("--queue-capacity") { Description = "Answer at most this many at once, queue the rest (vLLM, Ollama)." };
        var keepAlive = new Option<int?>("--keep-alive-ms") { Description = "Send keep-alives this often while a request waits for its first token (DeepSeek)." };
        var outageAfter = new Option<int?>("--outage-after") { Description = "Start an outage once this many requests have arrived." };
        var outageSeconds = new Option<double?>("--outage-seconds") { Description = "How long an outage lasts (default 60)." };
        var outageStatus = new Option<int?>("--outage-status") { Description = "The status every request gets during an outage (default 500)." };
        var maxTokens = new Option<MaxTokensParameter?>("--max-tokens-param") { Description = "Token cap the endpoint accepts: Either, MaxTokensOnly, MaxTokensIgnoringOther or MaxCompletionTokensOnly." };
        var reasoning = new Option<bool>("--reasoning") { Description = "Every answer reasons first (otherwise only models named *reasoner*)." };
        var placement = new Option<ReasoningPlacement?>("--reasoning-placement") { Description = "Where reasoning goes: ReasoningContent, Reasoning or ThinkTags." };
        // OpenAI's Batch API (/v1/files, /v1/batches).
        var batchValidation = new Option<int?>("--batch-validation-ms") { Description = "How long a batch stays validating (default 500)." };
        var batchCompletion = new Option<int?>("--batch-completion-ms") { Description = "How long a batch stays in_progress, its lines answered evenly over it (default 1500)." };
        var batchFinalizing = new Option<int?>("--batch-finalizing-ms") { Description = "How long a batch stays finalizing, or cancelling (default 200)." };
        var batchFailed = new Option<double?>("--batch-failed-share") { Description = "Share of batch lines answered 500 in the error file (by custom_id and --seed)." };
        var batchExpired = new Option<double?>("--batch-expired-share") { Description = "Share of each batch's lines left unanswered: the batch ends expired." };
        var batchFailValidation = new Option<bool>("--batch-fail-validation") { Description = "Every batch fails validation (one batch: metadata \"sim\": \"fail_validation\")." };
        var batchTokens = new Option<long?>("--batch-enqueued-tokens") { Description = "Enqueued-token quota over batches in progress (token_limit_exceeded beyond)." };
        var maxFileMb = new Option<int?>("--max-file-mb") { Description = "Largest upload accepted, in MB (default 200)." };
        var maxBatchLines = new Option<int?>("--max-batch-lines") { Description = "Most lines of a batch input file (default 50000)." };
        var formats = new Option<ResponseFormatSupport?>("--response-formats") { Description = "response_format the endpoint accepts: JsonSchema, JsonObjectOnly or None." };
        var invalidJson = new Option<double?>("--invalid-json-rate") { Description = "Share (0-1) of questions whose first structured answer does not match the schema." };
        var command = new Command("sim", "Run the OpenAI-compatible simulator until Ctrl+C.")
        {
            formats, invalidJson,
            port, ttft, tps, faults, seed, profile, faultKinds, retryAfter, requests, tokens, inputTokens, outputTokens, window, headers,
            errorStyle, quota, queue, keepAlive, outageAfter, outageSeconds, outageStatus, maxTokens, reasoning, placement,
            batchValidation, batchCompletion, batchFinalizing, batchFailed, batchExpired, batchFailValidation, batchTokens, maxFileMb, maxBatchLines,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulatorOptions
            {
                TimeToFirstToken = TimeSpan.FromMilliseconds(parse.GetValue(ttft)),
                TokensPerSecond = parse.GetValue(tps),
                FaultRate = parse.GetValue(faults),
                Seed = parse.GetValue(seed),
            };
            try
            {
                if (parse.GetValue(profile) is { } name)
                {
                    SimulatorProfile.Apply(name, options);
                }
                if (parse.GetValue(faultKinds) is { } kinds)
                {
                    options.FaultKinds = ParseFaultKinds(kinds);
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("batchai sim: " + e.Message);
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(window) is { } seconds && seconds is < 1 or > 60)
            {
                Console.Error.WriteLine("batchai sim: --window-seconds must be from 1 to 60.");
                return ExitCodes.BadInput;
            }
            Set(parse.GetValue(retryAfter), v => options.RetryAfter = TimeSpan.FromMilliseconds(v));
            Set(parse.GetValue(requests), v => options.RequestsPerWindow = v);
            Set(parse.GetValue(tokens), v => options.TokensPerWindow = v);
            Set(parse.GetValue(inputTokens), v => options.InputTokensPerWindow = v);
            Set(parse.GetValue(outputTokens), v => options.OutputTokensPerWindow = v);
            Set(parse.GetValue(window), v => options.RateLimitWindow = TimeSpan.FromSeconds(v));
            Set(parse.GetValue(headers), v => options.RateLimitHeaders = v);
            Set(parse.GetValue(errorStyle), v => options.ErrorStyle = v);
            Set(parse.GetValue(queue), v => options.QueueCapacity = v);
            Set(parse.GetValue(keepAlive), v => options.KeepAliveInterval = TimeSpan.FromMilliseconds(v));
            Set(parse.GetValue(outageAfter), v => options.OutageAfterRequests = v);
            Set(parse.GetValue(outageSeconds), v => options.OutageDuration = TimeSpan.FromSeconds(v));
            Set(parse.GetValue(outageStatus), v => options.OutageStatusCode = v);
            Set(parse.GetValue(maxTokens), v => options.MaxTokensParameter = v);
            Set(parse.GetValue(placement), v => options.ReasoningPlacement = v);
            Set(parse.GetValue(batchValidation), v => options.BatchValidationTime = TimeSpan.FromMilliseconds(v));
            Set(parse.GetValue(batchCompletion), v => options.BatchCompletionTime = TimeSpan.FromMilliseconds(v));
            Set(parse.GetValue(batchFinalizing), v => options.BatchFinalizingTime = TimeSpan.FromMilliseconds(v));
            Set(parse.GetValue(batchFailed), v => options.BatchFailedShare = v);
            Set(parse.GetValue(batchExpired), v => options.BatchExpiredShare = v);
            Set(parse.GetValue(batchTokens), v => options.BatchEnqueuedTokenLimit = v);
            Set(parse.GetValue(maxFileMb), v => options.MaxFileBytes = v * 1024L * 1024);
            Set(parse.GetValue(maxBatchLines), v => options.MaxBatchLines = v);
            options.BatchFailValidation |= parse.GetValue(batchFailValidation);
            Set(parse.GetValue(formats), v => options.ResponseFormatSupport = v);
            Set(parse.GetValue(invalidJson), v => options.InvalidJsonRate = v);
            options.QuotaExhausted |= parse.GetValue(quota);
            options.Reasoning |= parse.GetValue(reasoning);

            await using var server = await SimulatorServer.StartAsync(options, parse.GetValue(port), cancellationToken);
            Console.WriteLine(server.BaseUrl);
            Console.Error.WriteLine("batchai sim: simulated answers; Ctrl+C stops. Stats: GET " + new Uri(server.BaseUrl, "/sim/stats")
                + "; an outage: POST " + new Uri(server.BaseUrl, "/sim/outage?seconds=60"));
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return command;
    }

    private static List<SimulatorFault> ParseFaultKinds(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => SimulatorFaultNames.TryParse(name, out var fault) ? fault
                : throw new ArgumentException($"unknown fault kind '{name}' in --fault-kinds; known: {string.Join(", ", SimulatorFaultNames.All)}."))
            .ToList();

    private static void Set<T>(T? value, Action<T> apply)
        where T : struct
    {
        if (value is { } v)
        {
            apply(v);
        }
    }
}
