using System.CommandLine;
using System.Globalization;
using BatchAi.Protocol;
using BatchAi.Protocol.Datasets;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary>The verbs that act on the daemon's jobs: jobs, status, rows, watch, pause, cancel, preview (export: <see cref="ExportCommand"/>).</summary>
internal static class ClientCommands
{
    public static Command Jobs()
    {
        var common = new CliCommon();
        var command = new Command("jobs", "List the jobs of the data directory, newest first, with state and progress.");
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var list = await connection.CallAsync<ListJobsResult>(Methods.ListJobs, null, cancellationToken);
            if (json)
            {
                CliCommon.Print(list);
                return ExitCodes.Success;
            }

            if (list.Jobs.Count == 0)
            {
                Console.WriteLine("No jobs.");
            }

            foreach (var job in list.Jobs)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{job.JobId}  {job.State.ToString().ToLowerInvariant(),-11}  {Finished(job.Counts),-14}  {job.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm}  {job.Model}  {Path.GetFileName(job.Input)}"));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Status()
    {
        var (id, common, command) = JobCommand("status", "Show one job: state, counts, tokens, output, last error.");
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var job = await connection.CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(parse.GetValue(id)!), cancellationToken);
            if (json)
            {
                CliCommon.Print(job);
            }
            else
            {
                Describe(job);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    public static Command Rows()
    {
        var (id, common, command) = JobCommand("rows", "Show a job's rows from the ledger, while it runs or after: state, attempts, the prompt as sent, and the answer or the error.");
        var state = new Option<string?>("--state", "-s") { Description = "Only rows in this state: pending, inFlight, done, failed or skipped." };
        var failed = new Option<bool>("--failed") { Description = "Only failed rows (the same as --state failed)." };
        var from = new Option<long?>("--from") { Description = "The first row index to show (0-based; default 0)." };
        var limit = new Option<int?>("--limit", "-n") { Description = $"How many rows to show (default 20; at most {GetRowsParams.MaxLimit} a page)." };
        var all = new Option<bool>("--all") { Description = "Every matching row, page after page." };
        command.Options.Add(state);
        command.Options.Add(failed);
        command.Options.Add(from);
        command.Options.Add(limit);
        command.Options.Add(all);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var only = parse.GetValue(failed) ? "failed" : parse.GetValue(state);
            var pageSize = parse.GetValue(all) ? GetRowsParams.MaxLimit : parse.GetValue(limit) ?? 20;
            long? next = parse.GetValue(from) ?? 0;
            var shown = 0;
            while (next is { } at)
            {
                var page = await connection.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(parse.GetValue(id)!, only, at, pageSize), cancellationToken);
                foreach (var row in page.Rows)
                {
                    if (json)
                    {
                        CliCommon.PrintLine(row);
                    }
                    else
                    {
                        Console.WriteLine(RowLine(row));
                    }
                }

                shown += page.Rows.Count;
                next = parse.GetValue(all) ? page.Next : null;
                if (!json && !parse.GetValue(all) && page.Next is { } more)
                {
                    Console.WriteLine($"(more from row {more}: --from {more}, or --all)");
                }
            }

            if (!json && shown == 0)
            {
                Console.WriteLine(only is null ? "No rows." : $"No {only} rows.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    // One line a row: where it is, what was asked, what came back (or why not), cut to keep a line a line.
    private static string RowLine(JobRow row)
    {
        var outcome = row.State == "done" ? row.Answer : row.Error;
        return string.Create(CultureInfo.InvariantCulture,
            $"#{row.Row,-6} {row.State,-8} x{row.Attempts}  {Cut(row.Prompt, 60)}{(outcome is null ? string.Empty : "  →  " + Cut(outcome, 100))}");
    }

    private static string Cut(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : string.Concat(flat.AsSpan(0, length - 1), "…");
    }

    public static Command Watch()
    {
        var (id, common, command) = JobCommand("watch", "Follow a job until it stops: live progress, and with --tokens the answers as they stream. Ctrl+C stops watching (the job goes on).");
        var tokens = new Option<bool>("--tokens") { Description = "Print each row's answer as it streams (progress goes to stderr)." };
        command.Options.Add(tokens);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var jobId = parse.GetValue(id)!;
            var streaming = parse.GetValue(tokens);
            if (streaming)
            {
                var writer = new TokenWriter(Console.Out, json);
                connection.Notifications.TokenReceived = writer.Write;
                await connection.CallAsync<JobInfo>(Methods.SubscribeTokens, new SubscribeTokensParams(jobId), cancellationToken);
            }

            return await JobFollower.FollowAsync(connection, jobId, json, pauseOnCancel: false, tokens: streaming, cancellationToken);
        }));
        return command;
    }

    public static Command Pause() => Act("pause", "Pause a running job; rows in flight finish or go back to pending.", Methods.PauseJob);

    public static Command Cancel() => Act("cancel", "Cancel a job; its answers so far are kept and exported.", Methods.CancelJob);

    public static Command Preview()
    {
        var file = new Argument<string>("file") { Description = "The dataset: .xlsx, .xls, .csv, .tsv, .json or .jsonl." };
        var column = new Option<string?>("--column") { Description = "Question column, by name or 0-based index." };
        var template = new Option<string?>("--template") { Description = "Build each prompt from columns instead, e.g. \"{{title}}: {{body}}\"." };
        var sheet = new Option<string?>("--sheet") { Description = "Spreadsheet sheet, by name or 0-based index." };
        var rows = new Option<int?>("--rows") { Description = "How many leading rows to show (default 10)." };
        var encoding = new Option<string?>("--encoding") { Description = "Text encoding of a CSV/TSV/JSON file (default detected)." };
        var delimiter = new Option<string?>("--delimiter") { Description = "CSV delimiter, one character or 'tab' (default detected)." };
        var imageColumn = new Option<string?>("--image-column") { Description = "Column of each row's image, as run takes it (default a column named image, img, 图片...)." };
        var common = new CliCommon();
        var command = new Command("preview", "Read a dataset without starting a job: format, columns, row count, and the leading rows as they will be sent (a conversation or image row as its messages).")
        {
            file, column, template, sheet, rows, encoding, delimiter, imageColumn,
        };
        common.AddTo(command);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var request = new PreviewDatasetParams(Path.GetFullPath(parse.GetValue(file)!), parse.GetValue(sheet), parse.GetValue(column), parse.GetValue(template),
                Rows: parse.GetValue(rows), Encoding: parse.GetValue(encoding), Delimiter: parse.GetValue(delimiter), ImageColumn: parse.GetValue(imageColumn));
            var preview = await connection.CallAsync<PreviewDatasetResult>(Methods.PreviewDataset, request, cancellationToken);
            if (json)
            {
                CliCommon.Print(preview);
                return ExitCodes.Success;
            }

            Console.WriteLine($"{preview.Input}: {preview.Format}{(preview.Encoding is { } e ? ", " + e : string.Empty)}{(preview.Sheet is { } s ? ", sheet " + s : string.Empty)}, "
                + $"{(preview.RowCountExact ? string.Empty : "about ")}{preview.RowCount:N0} rows");
            Console.WriteLine($"Columns: {string.Join(", ", preview.Columns)}");
            Console.WriteLine(preview.PromptColumn is { } p ? $"Prompt column: {p}" : $"Template: {preview.Template}");
            foreach (var row in preview.Rows)
            {
                PreviewView.Print(row, Console.Out);
            }

            if (preview.BadRows.Count > 0)
            {
                Console.WriteLine($"{preview.BadRows.Count} unreadable rows (run refuses the file unless --skip-bad-rows).");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Act(string name, string description, string method)
    {
        var (id, common, command) = JobCommand(name, description);
        command.SetAction((parse, cancellationToken) => common.RunAsync(parse, cancellationToken, async (connection, json) =>
        {
            var job = await connection.CallAsync<JobInfo>(method, new JobIdParams(parse.GetValue(id)!), cancellationToken);
            if (json)
            {
                CliCommon.Print(job);
            }
            else
            {
                Console.WriteLine($"Job {job.JobId}: {job.State.ToString().ToLowerInvariant()} ({Finished(job.Counts)} rows finished)");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static (Argument<string> Id, CliCommon Common, Command Command) JobCommand(string name, string description)
    {
        var id = new Argument<string>("job-id") { Description = "The job." };
        var common = new CliCommon();
        var command = new Command(name, description) { id };
        common.AddTo(command);
        return (id, common, command);
    }

    private static string Finished(JobCounts c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Done + c.Failed + c.Skipped:N0}/{c.Total:N0}{(c.TotalKnown ? string.Empty : "+")}");

    private static void Describe(JobInfo job)
    {
        Console.WriteLine($"Job {job.JobId}: {job.State.ToString().ToLowerInvariant()}");
        Console.WriteLine($"  {job.Input} → {job.Output} ({job.Format})");
        Console.WriteLine($"  {job.Model} at {job.BaseUrl}, started {job.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}{(job.FinishedAt is { } f ? $", finished {f.ToLocalTime():yyyy-MM-dd HH:mm:ss}" : string.Empty)}");
        Console.WriteLine($"  {ProgressView.Describe(job.Counts, ProgressView.UnitOf(job.Kind))}");
        if (job.Budget is { } budget)
        {
            var limits = new[] { budget.MaxTokens is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t:N0} tokens") : null, budget.MaxCost is { } c ? string.Create(CultureInfo.InvariantCulture, $"{c} {job.Counts.Currency}") : null };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Budget: {string.Join(", ", limits.Where(l => l is not null))}; spent {job.Counts.SpentTokens:N0} tokens{ProgressView.CostText(job.Counts, ", ")}{(job.BudgetReached ? " (reached)" : string.Empty)}"));
        }

        if (job.LastError is { } error)
        {
            Console.WriteLine($"  Last error: {error}");
        }
    }

    /// <summary>Prints streamed answer text, a header whenever the row changes; with --json the text goes to stderr so stdout stays one document.</summary>
    private sealed class TokenWriter(TextWriter stdout, bool json)
    {
        private readonly Lock _gate = new();
        private long _row = -1;

        public void Write(JobToken token)
        {
            if (token.Reasoning)
            {
                return;
            }

            var to = json ? Console.Error : stdout;
            lock (_gate)
            {
                if (token.Row != _row || token.Reset)
                {
                    to.Write($"{(_row >= 0 ? Environment.NewLine : string.Empty)}[row {token.Row}] ");
                    _row = token.Row;
                }

                to.Write(token.Text);
                to.Flush();
            }
        }
    }
}
