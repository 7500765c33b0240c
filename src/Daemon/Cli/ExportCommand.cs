using System.CommandLine;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>batchai export ID [--format F] [-o PATH] [--test-split X [--seed N]] [--min-score X] [--margin Y]</c>: a job's output written again from the ledger.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var (id, common, command) = ClientCommands.JobCommand("export", "Write a job's answers again from the ledger.");
        var format = new Option<string?>("--format", "-f")
        {
            Description = "jsonl, json, csv, xlsx, parquet, openai-chat, alpaca, sharegpt, hf-dataset, or from a judged job preference (TRL) or openai-preference "
                + "(default: the job's format, or the output's extension).",
        };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write (default: the job's output file); a folder for hf-dataset." };
        var testSplit = new Option<double?>("--test-split") { Description = "hf-dataset: the fraction of answered rows held out as the test split, e.g. 0.05." };
        var seed = new Option<long?>("--seed") { Description = "hf-dataset: which rows --test-split holds out; the same seed, the same split (default 0)." };
        var minScore = new Option<double?>("--min-score")
        {
            Description = "Training and preference formats of a judged job: keep only answers the judge scored at least this (default the job's --judge-threshold); "
                + "the others are listed in NAME.excluded.jsonl with their score and reason.",
        };
        var margin = new Option<double?>("--margin") { Description = "preference, openai-preference: write a row's pair only when its best score exceeds its worst by at least this (default 1)." };
        command.Options.Add(format);
        command.Options.Add(minScore);
        command.Options.Add(margin);
        command.Options.Add(output);
        command.Options.Add(testSplit);
        command.Options.Add(seed);
        command.SetAction((parse, cancellationToken) => parse.GetValue(seed) is not null && parse.GetValue(testSplit) is null
            ? Task.FromResult(Usage("batchai export: --seed chooses the rows --test-split holds out; give --test-split too."))
            : common.RunAsync(parse, cancellationToken, async (connection, json) =>
            {
                var to = parse.GetValue(output) is { } path ? Path.GetFullPath(path) : null;
                var split = parse.GetValue(testSplit) is { } test ? new ExportSplit(test, parse.GetValue(seed)) : null;
                var result = await connection.CallAsync<ExportJobResult>(
                    Methods.ExportJob, new ExportJobParams(parse.GetValue(id)!, to, parse.GetValue(format), Split: split,
                        MinScore: parse.GetValue(minScore), Margin: parse.GetValue(margin)), cancellationToken);
                if (json)
                {
                    CliCommon.Print(result);
                }
                else
                {
                    Console.WriteLine($"Wrote {result.Rows:N0} rows as {result.Format} to {result.Output}");
                }

                return ExitCodes.Success;
            }));
        return command;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.BadInput;
    }
}
