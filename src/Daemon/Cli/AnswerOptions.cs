using System.CommandLine;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// The options of <c>generate --then-run</c> for the job that answers the set, and for it only: the generate verb's own
/// <c>--system-prompt</c> and <c>--temperature</c> shape the questions and are never passed on. Where one is not given, the
/// answering job takes what <c>batchai run SET</c> would: the profile's run defaults, else the daemon's.
/// </summary>
internal sealed class AnswerOptions
{
    public Option<string?> Model { get; } = new("--answer-model") { Description = "With --then-run: answer with this model instead of --model's (same --base-url and key)." };

    public Option<string?> SystemPrompt { get; } = new("--answer-system-prompt")
    {
        Description = "With --then-run: a system message before every question answered (else the profile's systemPrompt; --system-prompt is never passed on).",
    };

    public Option<double?> Temperature { get; } = new("--answer-temperature")
    {
        Description = "With --then-run: the answers' sampling temperature (else the profile's; --temperature is never passed on).",
    };

    public Option<int?> MaxTokens { get; } = new("--answer-max-tokens") { Description = "With --then-run: the most tokens an answer may have (else the profile's maxTokens)." };

    public Option<string?> Output { get; } = new("--answer-output") { Description = "With --then-run: where the answers go (default next to the set: SET.answers.jsonl); .json, .csv, .xlsx or .parquet picks the format." };

    public BudgetOptions Budget { get; } = new("answer-", "the job answering the set (with --then-run)");

    private IEnumerable<Option> All => [Model, SystemPrompt, Temperature, MaxTokens, Output, .. Budget.All];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The names of the options given on the command line, in the order of the help text.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) => All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    /// <summary>The answering job's request: <paramref name="provider"/> (the set's, key included) with <c>--answer-model</c>'s model if given, and the settings as <c>run</c> takes them.</summary>
    /// <param name="set">The question set's path.</param>
    /// <param name="concurrency">The generate verb's <c>--concurrency</c>, if given.</param>
    public StartJobParams Request(ParseResult parse, string set, ProviderConfig provider, JobOptions.Defaults defaults, int? concurrency) =>
        JobOptions.Answering(set, parse.GetValue(Model) is { } model ? provider with { Model = model } : provider,
            parse.GetValue(Output) is { } output ? Path.GetFullPath(output) : null, defaults, format: null,
            parse.GetValue(SystemPrompt), parse.GetValue(Temperature), parse.GetValue(MaxTokens), concurrency) with { Budget = Budget.Budget(parse) };

    /// <summary>
    /// What the daemon's <c>startJob</c> would refuse in the answering job's settings, found before the set is generated and paid for:
    /// null when nothing, else the message, naming the option when one was given. A budget is checked by the daemon, which holds the prices.
    /// </summary>
    public string? Refusal(ParseResult parse, StartJobParams request)
    {
        try
        {
            JobRequestValidator.Validate(request);
            return null;
        }
        catch (RequestRefusedException e)
        {
            Option? option = e.Where?.Field switch
            {
                "temperature" => Temperature,
                "maxTokens" => MaxTokens,
                "provider.model" => Model,
                _ => null,
            };
            return option is not null && parse.GetResult(option) is { Implicit: false } ? $"{option.Name}: {e.Message}" : $"the answering job: {e.Message}";
        }
    }
}
