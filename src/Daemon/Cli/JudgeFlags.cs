using System.CommandLine;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>--judge RUBRIC|@FILE</c> and its companions: a judge scoring each answer, a rubric file read here so a bad one is named.</summary>
internal sealed class JudgeFlags
{
    public Option<string?> Judge { get; } = new("--judge")
    {
        Description = $"Score each answer with a judge model: a preset rubric ({JudgeRubrics.Helpfulness}, {JudgeRubrics.Correctness}, "
            + $"{JudgeRubrics.FollowsFormat}, {JudgeRubrics.Language}), your own rubric's text, or @FILE holding it.",
    };

    public Option<string?> Model { get; } = new("--judge-model") { Description = "The judge's model (default the job's), on the job's endpoints that serve it, else the first with the model changed." };

    public Option<double?> Threshold { get; } = new("--judge-threshold") { Description = "The lowest score an answer may have to stay in exports (default: every judged answer stays)." };

    public Option<int?> Scale { get; } = new("--judge-scale") { Description = "Scores are whole numbers from 1 to this (default 10)." };

    public Option<string?> ReferenceColumn { get; } = new("--reference-column") { Description = "The input column holding each row's reference answer, shown to the judge (needed by the correctness rubric)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Judge);
        command.Options.Add(Model);
        command.Options.Add(Threshold);
        command.Options.Add(Scale);
        command.Options.Add(ReferenceColumn);
    }

    /// <summary>The judge for <c>startJob</c>, or null without <c>--judge</c>; false after printing why it cannot be used.</summary>
    public bool TryRead(ParseResult parse, string verb, out JudgeOptions? judge)
    {
        judge = null;
        var rubric = parse.GetValue(Judge);
        if (rubric is null)
        {
            foreach (var companion in new Option[] { Model, Threshold, Scale, ReferenceColumn })
            {
                if (parse.GetResult(companion) is not null)
                {
                    Console.Error.WriteLine($"batchai {verb}: {companion.Name} needs --judge (a rubric: e.g. --judge {JudgeRubrics.Helpfulness}).");
                    return false;
                }
            }

            return true;
        }

        if (rubric.StartsWith('@'))
        {
            var path = rubric[1..];
            try
            {
                rubric = File.ReadAllText(path).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                Console.Error.WriteLine($"batchai {verb}: --judge @{path}: {e.Message}");
                return false;
            }

            if (rubric.Length == 0)
            {
                Console.Error.WriteLine($"batchai {verb}: --judge @{path}: the file is empty; write the rubric in it.");
                return false;
            }
        }

        judge = new JudgeOptions(rubric, parse.GetValue(Model), Scale: parse.GetValue(Scale), Threshold: parse.GetValue(Threshold),
            ReferenceColumn: parse.GetValue(ReferenceColumn));
        return true;
    }
}
