using System.CommandLine;
using BatchAi.Daemon.Hosting;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Jobs;
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
        var verbose = new Option<bool>("--verbose") { Description = "Log to stderr as the daemon does." };
        var dataDir = CliOptions.DataDir();
        var command = new Command("run", "Answer every row of a dataset and write the answers.")
        {
            file, demo, model, baseUrl, apiKey, output, format, concurrency, system, temperature, maxTokens, column, sheet, template, encoding, delimiter, skipBadRows, noClean, noCache, verbose, dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            StderrLog.Quiet = !parse.GetValue(verbose);
            var isDemo = parse.GetValue(demo);
            var input = parse.GetValue(file);
            if (isDemo == (input is not null))
            {
                Console.Error.WriteLine("batchai run: give a dataset FILE, or --demo to try the bundled sample.");
                return ExitCodes.BadInput;
            }

            await using var simulator = isDemo ? await StartDemoSimulatorAsync() : null;
            var provider = simulator is not null
                ? new ProviderConfig(simulator.BaseUrl.ToString(), "batchai-demo")
                : Provider(parse.GetValue(baseUrl), parse.GetValue(model), parse.GetValue(apiKey));
            if (provider is null)
            {
                return ExitCodes.BadInput;
            }

            input = isDemo ? Path.Combine(AppContext.BaseDirectory, "samples", "questions.csv") : input!;
            var outputPath = parse.GetValue(output) ?? (isDemo ? Path.Combine("demo-output", "questions.answers.jsonl") : null);
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir) ?? (isDemo ? Path.Combine("demo-output", "ledger") : null));
            await using var host = await InProcessJob.StartHostAsync(directory);
            if (host is null)
            {
                return ExitCodes.InUse;
            }

            var watcher = new CliJobWatcher();
            using var registration = host.Hub.Register(watcher);
            var request = new StartJobParams(input, provider, outputPath, parse.GetValue(format), parse.GetValue(system), parse.GetValue(temperature),
                parse.GetValue(maxTokens), parse.GetValue(column), parse.GetValue(concurrency), Sheet: parse.GetValue(sheet),
                Template: parse.GetValue(template), Cleaning: parse.GetValue(noClean) ? CleaningOptions.None : null,
                Encoding: parse.GetValue(encoding), Delimiter: parse.GetValue(delimiter), SkipBadRows: parse.GetValue(skipBadRows),
                Cache: parse.GetValue(noCache) ? false : null);
            StartJobResult started;
            try
            {
                started = await host.Jobs.StartAsync(request, watcher.Watch, cancellationToken);
            }
            catch (Exception e) when (e is JobException or DatasetException)
            {
                Console.Error.WriteLine($"batchai: {e.Message}");
                return ExitCodes.BadInput;
            }

            Console.WriteLine($"Job {started.JobId}: {input} → {started.Output} ({provider.Model} at {provider.BaseUrl})");
            return await InProcessJob.WatchAsync(host, watcher, started.JobId, cancellationToken);
        });
        return command;
    }

    private static ProviderConfig? Provider(string? baseUrl, string? model, string? apiKey)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            Console.Error.WriteLine("batchai run: --model is required (for example gpt-4o-mini, deepseek-chat, or your Ark endpoint id).");
            return null;
        }

        // A key from the environment is passed by its variable's name, so the ledger can say where it came from without holding it.
        var keyEnv = apiKey is null
            ? new[] { "OPENAI_API_KEY", "ARK_API_KEY" }.FirstOrDefault(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)))
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
