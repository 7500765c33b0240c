using System.CommandLine;
using BatchAi.Daemon.Generation;
using BatchAi.Protocol;
using BatchAi.Protocol.Generation;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai generate "SEED PROMPT" --count N</c>: a question set from a seed prompt, followed like <c>run</c> (Ctrl+C pauses).</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var seed = new Argument<string>("seed") { Description = "What the questions are about and what they should be like, e.g. \"Questions a home cook asks about bread\"." };
        var count = new Option<int>("--count", "-n") { Description = "How many distinct questions to accept.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the set: .csv, .jsonl or .xlsx (default: generated/JOBID.questions.jsonl in the data directory)." };
        var batchSize = new Option<int?>("--batch-size") { Description = $"Questions asked for per request (default {GenerationSpec.DefaultBatchSize})." };
        var similarity = new Option<double?>("--similarity") { Description = $"Near-duplicate threshold, above 0 up to 1 (default {GenerationSpec.DefaultSimilarity}): lower leaves out more." };
        var maxRequests = new Option<int?>("--max-requests") { Description = "The most requests to make before stopping with what there is (default: four times the batches needed, plus 10)." };
        var model = new Option<string?>("--model", "-m") { Description = "Model (or Ark endpoint id) to ask; with --then-run it answers the set too, unless --answer-model." };
        var baseUrl = new Option<string?>("--base-url") { Description = $"OpenAI-compatible API base URL (default {RunCommand.DefaultBaseUrl})." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (else $OPENAI_API_KEY, else $ARK_API_KEY). Never stored." };
        var concurrency = new Option<int?>("--concurrency", "-c")
        {
            Description = $"Requests in flight at once (default {GenerationSpec.DefaultConcurrency}); with --then-run, the answering job's rows in flight too (else run's default).",
        };
        var system = new Option<string?>("--system-prompt") { Description = "A system message sent before every request for questions (not to the answering job: --answer-system-prompt)." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature of the requests for questions (near 1 gives more variety; not the answering job's: --answer-temperature)." };
        var thenRun = new Option<bool>("--then-run")
        {
            Description = "Once the set is complete, answer it as `batchai run SET` would, with the same endpoint and key, the --answer-* options below "
                + "and the profile's run defaults (exit codes as run's).",
        };
        var profile = new Option<string?>("--profile", "-p") { Description = $"A profile of the config file ({CliConfig.FilePath()}) for the options not given." };
        var answer = new AnswerOptions();
        var common = new CliCommon();
        var command = new Command("generate", "Write a set of distinct questions from a seed prompt (through the running daemon when there is one); `batchai run` answers it.")
        {
            seed, count, output, batchSize, similarity, maxRequests, model, baseUrl, apiKey, concurrency, system, temperature, thenRun, profile,
        };
        answer.AddTo(command);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(thenRun) && answer.Given(parse) is { Count: > 0 } given)
            {
                Console.Error.WriteLine($"batchai generate: {string.Join(", ", given)} {(given.Count == 1 ? "applies" : "apply")} to the job that answers the set, "
                    + "which only --then-run starts: add --then-run, or leave it out.");
                return ExitCodes.BadInput;
            }

            if (JobOptions.LoadDefaults(parse.GetValue(profile), "generate") is not { } defaults)
            {
                return ExitCodes.BadInput;
            }

            var provider = RunCommand.Provider(
                parse.GetValue(baseUrl) ?? RunCommand.NonEmpty(Environment.GetEnvironmentVariable(CliConfig.BaseUrlVariable)) ?? defaults.Profile.BaseUrl,
                parse.GetValue(model) ?? RunCommand.NonEmpty(Environment.GetEnvironmentVariable(CliConfig.ModelVariable)) ?? defaults.Profile.Model,
                parse.GetValue(apiKey),
                defaults.Profile.ApiKeyEnv,
                "generate");
            if (provider is null)
            {
                return ExitCodes.BadInput;
            }

            // The answering job's settings are checked before the set is paid for (its input is the set, which does not exist yet).
            StartJobParams Answering(string set, ProviderConfig from) => answer.Request(parse, set, from, defaults, parse.GetValue(concurrency));
            if (parse.GetValue(thenRun) && answer.Refusal(parse, Answering(parse.GetValue(output) ?? "set", provider)) is { } refusal)
            {
                Console.Error.WriteLine($"batchai generate: {refusal}");
                return ExitCodes.BadInput;
            }

            // A full path: a daemon reached over the pipe has its own working directory.
            var outputPath = parse.GetValue(output) is { } path ? Path.GetFullPath(path) : null;
            return await common.RunAsync(parse, cancellationToken, async (connection, json) =>
            {
                // A profile's systemPrompt and temperature shape the questions too when these flags are not given, as a stored profile's do for generateQuestions.
                var request = new GenerateQuestionsParams(parse.GetValue(seed)!, parse.GetValue(count),
                    connection.InProcess ? provider : RunCommand.WithKeyFromHere(provider),
                    SystemPrompt: parse.GetValue(system) ?? defaults.Profile.SystemPrompt, Temperature: parse.GetValue(temperature) ?? defaults.Profile.Temperature,
                    BatchSize: parse.GetValue(batchSize), Concurrency: parse.GetValue(concurrency) ?? defaults.Profile.Concurrency, Output: outputPath,
                    Similarity: parse.GetValue(similarity), MaxRequests: parse.GetValue(maxRequests));
                var started = await connection.CallAsync<StartJobResult>(Methods.GenerateQuestions, request, cancellationToken);
                if (!json)
                {
                    Console.WriteLine($"Job {started.JobId}: {request.Count:N0} questions → {started.Output} ({provider.Model} at {provider.BaseUrl}){(connection.Pipe is { } pipe ? $", in the daemon on pipe {pipe}" : string.Empty)}");
                }

                if (!parse.GetValue(thenRun))
                {
                    return await JobFollower.FollowAsync(connection, started.JobId, json, pauseOnCancel: true, tokens: false, cancellationToken);
                }

                return await GenerateThenRun.FollowAsync(connection, started.JobId, set => Answering(set, request.Provider!), json, cancellationToken);
            });
        });
        return command;
    }
}
