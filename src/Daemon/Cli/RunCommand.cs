using System.CommandLine;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai run FILE</c>: one job from the command line, with live progress; <c>--demo</c> runs the sample against the simulator.</summary>
internal static class RunCommand
{
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "The dataset: .xlsx, .xls, .csv, .tsv, .json or .jsonl.", Arity = ArgumentArity.ZeroOrOne };
        var demo = new Option<bool>("--demo") { Description = "Run the bundled sample questions against the built-in simulator (simulated answers, no key, no network)." };
        var budget = new BudgetOptions();
        var options = new JobOptions();
        var common = new CliCommon();
        var command = new Command("run", "Answer every row of a dataset and write the answers (through the running daemon when there is one).") { file, demo };
        budget.AddTo(command);
        options.AddTo(command);
        common.AddTo(command);
        var schema = new SchemaOptions();
        schema.AddTo(command);
        var judgeFlags = new JudgeFlags();
        judgeFlags.AddTo(command);
        var samples = new SampleOptions();
        samples.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var isDemo = parse.GetValue(demo);
            var input = parse.GetValue(file);
            if (isDemo == (input is not null))
            {
                Console.Error.WriteLine("batchai run: give a dataset FILE, or --demo to try the bundled sample.");
                return ExitCodes.BadInput;
            }

            if (options.LoadDefaults(parse, "run", fromConfig: !isDemo) is not { } defaults || !schema.TryRead(parse, "run", out var format)
                || !judgeFlags.TryRead(parse, "run", out var judge))
            {
                return ExitCodes.BadInput;
            }

            await using var simulator = isDemo ? await StartDemoSimulatorAsync() : null;
            var provider = simulator is not null ? new ProviderConfig(simulator.BaseUrl.ToString(), "batchai-demo") : options.Provider(parse, defaults, "run");
            if (provider is null)
            {
                return ExitCodes.BadInput;
            }

            // Full paths: a daemon reached over the pipe has its own working directory.
            input = Path.GetFullPath(isDemo ? Path.Combine(AppContext.BaseDirectory, "samples", "questions.csv") : input!);
            var outputPath = parse.GetValue(options.Output) ?? (isDemo ? Path.Combine("demo-output", "questions.answers.jsonl") : null);
            outputPath = outputPath is null ? null : Path.GetFullPath(outputPath);
            var dataDirectory = parse.GetValue(common.DataDir) ?? (isDemo ? Path.Combine("demo-output", "ledger") : null);
            return await common.RunAsync(parse, cancellationToken, dataDirectory, async (connection, json) =>
            {
                var request = samples.Apply(parse, options.Request(parse, input, connection.InProcess ? provider : WithKeyFromHere(provider), outputPath, defaults)
                    with { Budget = budget.Budget(parse), ResponseFormat = format, Judge = judge });
                var started = await connection.CallAsync<StartJobResult>(Methods.StartJob, request, cancellationToken);
                if (!json)
                {
                    Console.WriteLine($"Job {started.JobId}: {input} → {started.Output} ({provider.Model} at {provider.BaseUrl}){(connection.Pipe is { } pipe ? $", in the daemon on pipe {pipe}" : string.Empty)}");
                }

                return await JobFollower.FollowAsync(connection, started.JobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
            });
        });
        return command;
    }

    /// <summary>
    /// A daemon reached over the pipe does not have this shell's environment: a key named by a variable here is sent inline
    /// (held in the daemon's memory only, as every key is), so resuming after a daemon restart needs it again.
    /// </summary>
    public static ProviderConfig WithKeyFromHere(ProviderConfig provider) =>
        provider is { ApiKey: null, ApiKeyEnv: { } variable } && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key
            ? provider with { ApiKey = key, ApiKeyEnv = null }
            : provider;

    /// <summary>The key from this shell's environment, for resuming a job in a daemon that may not have it.</summary>
    public static string? KeyFromEnvironment() =>
        new[] { "OPENAI_API_KEY", "ARK_API_KEY" }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    internal static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The provider a job goes to; null after printing what is missing.</summary>
    public static ProviderConfig? Provider(string? baseUrl, string? model, string? apiKey, string? profileKeyEnv, string verb = "run")
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            Console.Error.WriteLine($"batchai {verb}: --model is required (for example gpt-4o-mini, deepseek-chat, or your Ark endpoint id; or ${CliConfig.ModelVariable}, or a profile in {CliConfig.FilePath()}).");
            return null;
        }

        if (apiKey is null && profileKeyEnv is not null && NonEmpty(Environment.GetEnvironmentVariable(profileKeyEnv)) is null)
        {
            Console.Error.WriteLine($"batchai {verb}: the profile takes its key from ${profileKeyEnv}, which is not set.");
            return null;
        }

        // A key from the environment is passed by its variable's name, so the ledger can say where it came from without holding it.
        var keyEnv = apiKey is null
            ? profileKeyEnv ?? new[] { "OPENAI_API_KEY", "ARK_API_KEY" }.FirstOrDefault(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))
            : null;
        return new ProviderConfig(baseUrl ?? DefaultBaseUrl, model, apiKey, keyEnv);
    }

    private static async Task<SimulatorServer> StartDemoSimulatorAsync()
    {
        var simulator = await SimulatorServer.StartAsync(new SimulatorOptions
        {
            TimeToFirstToken = TimeSpan.FromMilliseconds(150),
            TokensPerSecond = 60,
            MinAnswerTokens = 20,
            MaxAnswerTokens = 60,
        });
        Console.WriteLine($"Demo: the answers are SIMULATED by batchai's built-in OpenAI-compatible server at {simulator.BaseUrl} (no key, no network, no cost).");
        return simulator;
    }
}
