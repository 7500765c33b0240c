using System.Net;
using BatchAi.Simulator.Batches;
using BatchAi.Simulator.Faults;
using BatchAi.Simulator.Http;
using BatchAi.Simulator.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BatchAi.Simulator;

/// <summary>
/// An OpenAI-compatible chat-completions server on 127.0.0.1 with deterministic answers and injectable faults.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly FaultPlanner _faults = new();
    private readonly RateLimits _limits = new();
    private readonly OutageSchedule _outages = new();
    private readonly FileStore _files = new();
    private readonly BatchStore _batches;
    private int _disposed;

    private SimulatorServer(WebApplication app, SimulatorOptions options)
    {
        _app = app;
        Options = options;
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        _batches = new BatchStore(new BatchRunner(_files, options, Stats), options, loggers.CreateLogger<BatchStore>());
        var chat = new ChatCompletionHandler(options, Stats, _faults, _limits, _outages, new ServerQueue(Stats), _stopping.Token);
        var logger = loggers.CreateLogger<SimulatorServer>();
        var router = new SimulatorRouter(chat, new BatchApi(_files, _batches, options, Stats), options, Stats, this, logger);
        app.Run(router.RouteAsync);
    }

    /// <summary>The OpenAI endpoint, e.g. <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The live options; changes apply to the next request.</summary>
    public SimulatorOptions Options { get; }

    public SimulatorStats Stats { get; } = new();

    /// <summary>Starts a server bound to 127.0.0.1 only; <paramref name="port"/> 0 picks a free port.</summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorOptions? options = null, int port = 0, CancellationToken cancellationToken = default)
    {
        // The empty builder reads no appsettings.json or ASPNETCORE_* variables, so the host process cannot reconfigure it by accident.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // stdout belongs to the daemon's JSON-RPC protocol: only warnings and errors, and only to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A simulated stream cut ends its request with an exception (see StreamCutException), which Kestrel would log as an error.
        builder.Logging.AddFilter((category, level) => level >= LogLevel.Warning && category != SimulatorRouter.KestrelApplicationErrors);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddSimpleConsole(console => console.ColorBehavior = LoggerColorBehavior.Disabled);

        var server = new SimulatorServer(builder.Build(), options ?? new SimulatorOptions());
        try
        {
            await server._app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        server.BaseUrl = new Uri(server._app.Urls.Single().TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>The exact answer text the server sends for <paramref name="question"/> (the last user message), before any max_tokens cut.</summary>
    /// <param name="sample">The draw: 0 for a plain request; a request's <c>seed</c>, plus its choice's index with <c>n</c>, else.</param>
    public static string AnswerFor(string question, SimulatorOptions? options = null, int sample = 0)
    {
        options ??= new SimulatorOptions();
        return AnswerText.Answer(question, options.MinAnswerTokens, options.MaxAnswerTokens, sample);
    }

    /// <summary>The reply to a request for questions (a message with "Write N new questions"), or null when <paramref name="message"/> asks none.</summary>
    public static string? QuestionsReplyFor(string message, SimulatorOptions? options = null) =>
        QuestionListText.Reply(message, (options ?? new SimulatorOptions()).GenerationPoolSize);

    /// <summary>
    /// The exact message the server writes as user turn <paramref name="turn"/> (2 or more) of a conversation opened by
    /// <paramref name="seed"/>, when asked with a daemon's built-in user-simulator prompt (which opens with <see cref="UserSimulatorMarker"/>).
    /// </summary>
    public static string FollowUpFor(int turn, string seed) => UserSimulatorText.For(turn, seed);

    /// <summary>How a system prompt that asks the server to play the user of a conversation begins.</summary>
    public const string UserSimulatorMarker = UserSimulatorText.Marker;

    /// <summary>How a judge's system prompt begins, and the markers its user message shows the question and the answer between.</summary>
    public const string JudgeMarker = JudgeText.Marker, JudgeQuestionStart = JudgeText.QuestionStart, JudgeQuestionEnd = JudgeText.QuestionEnd,
        JudgeAnswerStart = JudgeText.AnswerStart, JudgeAnswerEnd = JudgeText.AnswerEnd;

    /// <summary>The score the server, asked as a judge, gives <paramref name="answer"/> to <paramref name="question"/> (see <c>[[sim:judge:...]]</c>).</summary>
    public static int JudgeScoreFor(string question, string answer, int scale = 10) => JudgeText.ScoreFor(question, answer, scale);

    /// <summary>How a system prompt that asks for a JSON answer in words (no <c>response_format</c>) begins, and what precedes its schema.</summary>
    public const string StructuredInstructionMarker = StructuredRequest.InstructionMarker, StructuredSchemaLead = StructuredRequest.SchemaLead;

    /// <summary>The exact reasoning_content the server sends for <paramref name="question"/> when reasoning is on.</summary>
    public static string ReasoningFor(string question) => AnswerText.Reasoning(question);

    /// <summary>Whether an outage is on now, on <see cref="SimulatorOptions.TimeProvider"/>.</summary>
    public bool OutageActive => _outages.IsActive(Options, Options.TimeProvider.GetUtcNow());

    /// <summary>
    /// Starts an outage now, for <paramref name="duration"/> on <see cref="SimulatorOptions.TimeProvider"/>: every request gets
    /// <see cref="SimulatorOptions.OutageStatusCode"/> until then, and the server recovers by itself (what <c>POST /sim/outage?seconds=N</c>
    /// does). Zero ends an outage started this way. Returns when it ends.
    /// </summary>
    public DateTimeOffset StartOutage(TimeSpan duration) => _outages.Start(Options.TimeProvider.GetUtcNow(), duration);

    /// <summary>Resets the stats, the per-question directive counts, the rate-limit windows and the outages (what <c>POST /sim/reset</c> does).</summary>
    public void Reset()
    {
        Stats.Reset();
        _faults.Reset();
        _limits.Reset();
        _outages.Reset();
    }

    /// <summary>Stops the server; hung and paced requests are released (their connections aborted) first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(ShutdownGrace))
        {
            try
            {
                await _app.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Past the grace period Kestrel has aborted what was left; nothing more to wait for.
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        // The batch fleet stops before the files go: it may be writing an output file.
        await _batches.DisposeAsync().ConfigureAwait(false);
        _files.Dispose();
        _stopping.Dispose();
    }
}
