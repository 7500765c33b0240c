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
        var model = new Option<string?>("--model", "-m") { Description = "Model (or Ark endpoint id) to ask." };
        var baseUrl = new Option<string?>("--base-url") { Description = $"OpenAI-compatible API base URL (default {DefaultBaseUrl})." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (else $OPENAI_API_KEY, else $ARK_API_KEY). Never stored." };
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default next to the input: NAME.answers.jsonl)." };
        var format = new Option<string?>("--format", "-f") { Description = "jsonl (default), json or csv." };
        var concurrency = new Option<int?>("--concurrency", "-c") { Description = $"Rows in flight at once (default {JobSpec.DefaultConcurrency})." };
        var system = new Option<string?>("--system-prompt") { Description = "A system message sent before every question." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature." };
        var maxTokens = new Option<int?>("--max-tokens") { Description = "The most tokens an answer may have." };
        var column = new Option<string?>("--column") { Description = "Question column, by name or 0-based index." };
        var sheet = new Option<string?>("--sheet") { Description = "Spreadsheet sheet, by name or 0-based index." };
        var noCache = new Option<bool>("--no-cache") { Description = "Ask again even for questions answered before with the same model and settings." };
        var template = new Option<string?>("--template") { Description = "Build each prompt from columns instead, e.g. \"{{title}}: {{body}}\"." };
        var encoding = new Option<string?>("--encoding") { Description = "Text encoding of a CSV/TSV/JSON file (default detected), e.g. gb18030." };
        var delimiter = new Option<string?>("--delimiter") { Description = "CSV delimiter, one character or 'tab' (default detected)." };
        var skipBadRows = new Option<bool>("--skip-bad-rows") { Description = "Skip rows that cannot be read instead of refusing the file." };
        var noClean = new Option<bool>("--no-clean") { Description = "Send the text as the file has it: no cleaning rule, no duplicate skipped." };
        var profile = new Option<string?>("--profile", "-p") { Description = $"A profile of the config file ({CliConfig.FilePath()}) for the options not given (else ${CliConfig.ProfileVariable}, else the file's defaultProfile)." };
        var common = new CliCommon();
        var command = new Command("run", "Answer every row of a dataset and write the answers (through the running daemon when there is one).")
        {
            file, demo, model, baseUrl, apiKey, output, format, concurrency, system, temperature, maxTokens, column, sheet, template, encoding, delimiter, skipBadRows, noClean, noCache, profile,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var isDemo = parse.GetValue(demo);
            var input = parse.GetValue(file);
            if (isDemo == (input is not null))
            {
                Console.Error.WriteLine("batchai run: give a dataset FILE, or --demo to try the bundled sample.");
                return ExitCodes.BadInput;
            }

            // Flags first, then environment variables, then the config file's profile.
            CliProfile defaults;
            try
            {
                defaults = isDemo ? new CliProfile() : CliConfig.Load(CliConfig.FilePath()).Pick(parse.GetValue(profile)) ?? new CliProfile();
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"batchai run: {e.Message}");
                return ExitCodes.BadInput;
            }

            int? concurrencyFromEnvironment = null;
            if (Environment.GetEnvironmentVariable(CliConfig.ConcurrencyVariable) is { Length: > 0 } text)
            {
                if (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                {
                    Console.Error.WriteLine($"batchai run: ${CliConfig.ConcurrencyVariable} must be a positive whole number, not '{text}'.");
                    return ExitCodes.BadInput;
                }

                concurrencyFromEnvironment = parsed;
            }

            await using var simulator = isDemo ? await StartDemoSimulatorAsync() : null;
            var provider = simulator is not null
                ? new ProviderConfig(simulator.BaseUrl.ToString(), "batchai-demo")
                : Provider(
                    parse.GetValue(baseUrl) ?? NonEmpty(Environment.GetEnvironmentVariable(CliConfig.BaseUrlVariable)) ?? defaults.BaseUrl,
                    parse.GetValue(model) ?? NonEmpty(Environment.GetEnvironmentVariable(CliConfig.ModelVariable)) ?? defaults.Model,
                    parse.GetValue(apiKey),
                    defaults.ApiKeyEnv);
            if (provider is null)
            {
                return ExitCodes.BadInput;
            }

            // Full paths: a daemon reached over the pipe has its own working directory.
            input = Path.GetFullPath(isDemo ? Path.Combine(AppContext.BaseDirectory, "samples", "questions.csv") : input!);
            var outputPath = parse.GetValue(output) ?? (isDemo ? Path.Combine("demo-output", "questions.answers.jsonl") : null);
            outputPath = outputPath is null ? null : Path.GetFullPath(outputPath);
            var dataDirectory = parse.GetValue(common.DataDir) ?? (isDemo ? Path.Combine("demo-output", "ledger") : null);
            return await common.RunAsync(parse, cancellationToken, dataDirectory, async (connection, json) =>
            {
                var request = new StartJobParams(input, connection.InProcess ? provider : WithKeyFromHere(provider), outputPath, parse.GetValue(format) ?? defaults.Format,
                    parse.GetValue(system) ?? defaults.SystemPrompt, parse.GetValue(temperature) ?? defaults.Temperature, parse.GetValue(maxTokens) ?? defaults.MaxTokens,
                    parse.GetValue(column), parse.GetValue(concurrency) ?? concurrencyFromEnvironment ?? defaults.Concurrency, Sheet: parse.GetValue(sheet),
                    Template: parse.GetValue(template), Cleaning: parse.GetValue(noClean) ? CleaningOptions.None : null,
                    Encoding: parse.GetValue(encoding), Delimiter: parse.GetValue(delimiter), SkipBadRows: parse.GetValue(skipBadRows),
                    Cache: parse.GetValue(noCache) ? false : null);
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

    internal static ProviderConfig? Provider(string? baseUrl, string? model, string? apiKey, string? profileKeyEnv, string verb = "run")
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
