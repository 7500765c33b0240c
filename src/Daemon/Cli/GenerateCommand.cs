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
        var model = new Option<string?>("--model", "-m") { Description = "Model (or Ark endpoint id) to ask." };
        var baseUrl = new Option<string?>("--base-url") { Description = $"OpenAI-compatible API base URL (default {RunCommand.DefaultBaseUrl})." };
        var apiKey = new Option<string?>("--api-key") { Description = "API key (else $OPENAI_API_KEY, else $ARK_API_KEY). Never stored." };
        var concurrency = new Option<int?>("--concurrency", "-c") { Description = $"Requests in flight at once (default {GenerationSpec.DefaultConcurrency})." };
        var system = new Option<string?>("--system-prompt") { Description = "A system message sent before every request." };
        var temperature = new Option<double?>("--temperature") { Description = "Sampling temperature (near 1 gives more variety)." };
        var thenRun = new Option<bool>("--then-run")
        {
            Description = "Once the set is complete, answer it as `batchai run SET` would, with the same model, endpoint and key (exit codes as run's).",
        };
        var profile = new Option<string?>("--profile", "-p") { Description = $"A profile of the config file ({CliConfig.FilePath()}) for the options not given." };
        var common = new CliCommon();
        var command = new Command("generate", "Write a set of distinct questions from a seed prompt (through the running daemon when there is one); `batchai run` answers it.")
        {
            seed, count, output, batchSize, similarity, maxRequests, model, baseUrl, apiKey, concurrency, system, temperature, thenRun, profile,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliProfile defaults;
            try
            {
                defaults = CliConfig.Load(CliConfig.FilePath()).Pick(parse.GetValue(profile)) ?? new CliProfile();
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"batchai generate: {e.Message}");
                return ExitCodes.BadInput;
            }

            var provider = RunCommand.Provider(
                parse.GetValue(baseUrl) ?? RunCommand.NonEmpty(Environment.GetEnvironmentVariable(CliConfig.BaseUrlVariable)) ?? defaults.BaseUrl,
                parse.GetValue(model) ?? RunCommand.NonEmpty(Environment.GetEnvironmentVariable(CliConfig.ModelVariable)) ?? defaults.Model,
                parse.GetValue(apiKey),
                defaults.ApiKeyEnv,
                "generate");
            if (provider is null)
            {
                return ExitCodes.BadInput;
            }

            // A full path: a daemon reached over the pipe has its own working directory.
            var outputPath = parse.GetValue(output) is { } given ? Path.GetFullPath(given) : null;
            return await common.RunAsync(parse, cancellationToken, async (connection, json) =>
            {
                var request = new GenerateQuestionsParams(parse.GetValue(seed)!, parse.GetValue(count),
                    connection.InProcess ? provider : RunCommand.WithKeyFromHere(provider),
                    SystemPrompt: parse.GetValue(system) ?? defaults.SystemPrompt, Temperature: parse.GetValue(temperature) ?? defaults.Temperature,
                    BatchSize: parse.GetValue(batchSize), Concurrency: parse.GetValue(concurrency) ?? defaults.Concurrency, Output: outputPath,
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

                return await GenerateThenRun.FollowAsync(connection, started.JobId, request.Provider!, parse.GetValue(concurrency), json, cancellationToken);
            });
        });
        return command;
    }
}
