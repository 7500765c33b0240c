using System.CommandLine;
using System.Globalization;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// <c>batchai export-requests ID -o DIR</c> and <c>batchai import-results ID FILE</c>: a job's pending rows as OpenAI batch
/// request files for a runner of one's own (vLLM run_batch, Ray Data), and that run's output folded back into the job.
/// </summary>
internal static class BatchFileCommands
{
    public static Command ExportRequests()
    {
        var (id, common, command) = ClientCommands.JobCommand("export-requests", "Write a job's pending rows as OpenAI batch request files (JSONL), for vLLM run_batch or any batch runner.");
        var output = new Option<string>("--output", "-o") { Description = "The folder the files go to.", Required = true };
        var maxLines = new Option<int?>("--max-lines") { Description = "The most rows a file holds (default 50,000)." };
        var maxBytes = new Option<long?>("--max-bytes") { Description = "The largest a file may be, in bytes (default 200,000,000)." };
        command.Options.Add(output);
        command.Options.Add(maxLines);
        command.Options.Add(maxBytes);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var result = await connection.CallAsync<ExportRequestsResult>(Methods.ExportRequests,
                new ExportRequestsParams(parse.GetValue(id)!, Path.GetFullPath(parse.GetValue(output)!), parse.GetValue(maxLines), parse.GetValue(maxBytes)),
                cancellationToken);
            if (json)
            {
                CliCommon.Print(result);
                return ExitCodes.Success;
            }

            foreach (var file in result.Files)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Path}: {file.Lines:N0} rows ({file.FirstRow}-{file.LastRow}), {file.Bytes:N0} bytes"));
            }

            foreach (var row in result.LeftOut)
            {
                Console.Error.WriteLine($"row {row.Index} left out: {row.Reason}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {result.Rows:N0} pending rows in {result.Files.Count} file(s)."));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command ImportResults()
    {
        var (id, common, command) = ClientCommands.JobCommand("import-results", "Fold a batch run's output or error file into a job's rows by custom_id; refused lines are listed with the reason.");
        var file = new Argument<string>("file") { Description = "The output (or error) file: JSONL as OpenAI's Batch API and vLLM run_batch write it." };
        command.Arguments.Add(file);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var result = await connection.CallAsync<ImportResultsResult>(Methods.ImportResults,
                new ImportResultsParams(parse.GetValue(id)!, Path.GetFullPath(parse.GetValue(file)!)), cancellationToken);
            if (json)
            {
                CliCommon.Print(result);
            }
            else
            {
                foreach (var line in result.Refused)
                {
                    Console.Error.WriteLine($"line {line.Line}{(line.CustomId is null ? "" : $" ({line.CustomId})")}: refused: {line.Reason}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Lines:N0} lines: {result.Answered:N0} answered, {result.Failed:N0} failed, {result.Requeued:N0} pending again, {result.RefusedCount:N0} refused. "
                    + $"Job {result.Job.JobId}: {result.Job.Counts.Pending:N0} rows pending."));
            }

            return result.RefusedCount > 0 ? ExitCodes.RowsFailed : ExitCodes.Success;
        }));
        return command;
    }
}
