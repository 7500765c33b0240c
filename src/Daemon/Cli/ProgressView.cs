using System.Globalization;
using BatchAi.Protocol.Jobs;
using Spectre.Console;

namespace BatchAi.Daemon.Cli;

/// <summary>Shows a job's progress until it stops: a live bar on a terminal, plain periodic lines otherwise (logs, CI, pipes).</summary>
internal static class ProgressView
{
    private static readonly TimeSpan BarRefresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(2);

    /// <param name="stopped">Completes when the job stops (or the CLI stops watching it).</param>
    /// <param name="current">The job's latest counts.</param>
    /// <param name="plainTo">Plain lines to this writer whatever the terminal (e.g. stderr while answers stream to stdout).</param>
    /// <param name="unit">What the job counts: <c>rows</c> answered, or <c>questions</c> accepted (<see cref="UnitOf"/>).</param>
    /// <param name="unavailable">What the daemon says while the provider is down (null while it is not): shown on the line.</param>
    /// <param name="batches">A batch job's batches by state (<see cref="BatchStatesLine"/>), or null.</param>
    public static async Task<JobStateChanged> ShowAsync(Task<JobStateChanged> stopped, Func<JobCounts> current, TextWriter? plainTo = null, string unit = "rows",
        Func<string?>? unavailable = null, Func<string?>? batches = null)
    {
        unavailable ??= static () => null;
        batches ??= static () => null;
        if (plainTo is null && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            JobStateChanged? end = null;
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("starting", maxValue: 1);
                    while (end is null)
                    {
                        var finished = await Task.WhenAny(stopped, Task.Delay(BarRefresh)) == stopped;
                        var counts = current();
                        bar.MaxValue = Math.Max(1, counts.Total);
                        bar.Value = counts.Done + counts.Failed + counts.Skipped;
                        bar.Description = Markup.Escape(Describe(counts, unit) + Batches(batches()) + Unavailable(unavailable()));
                        if (finished)
                        {
                            end = await stopped;
                        }
                    }
                });
            return end!;
        }

        while (true)
        {
            var finished = await Task.WhenAny(stopped, Task.Delay(LineEvery)) == stopped;
            (plainTo ?? Console.Out).WriteLine(Describe(current(), unit) + Batches(batches()) + Unavailable(unavailable()));
            if (finished)
            {
                return await stopped;
            }
        }
    }

    /// <summary>What a job of <paramref name="kind"/> counts: a generate job accepts questions, an answer job answers rows.</summary>
    public static string UnitOf(string? kind) => kind == JobKinds.Generate ? "questions" : "rows";

    public static string Describe(JobCounts c, string unit = "rows")
    {
        var finished = c.Done + c.Failed + c.Skipped;
        var total = c.TotalKnown ? c.Total.ToString("N0", CultureInfo.InvariantCulture) : c.Total.ToString("N0", CultureInfo.InvariantCulture) + "+";
        var eta = c.EtaSeconds is { } s && c.Pending + c.InFlight > 0 ? $" | ETA {TimeSpan.FromSeconds(Math.Ceiling(s)):g}" : string.Empty;
        // A generate job's requests are not its questions: failed and in flight, counted per row, say nothing about it.
        var rows = unit == "rows" ? string.Create(CultureInfo.InvariantCulture,
            $" | failed {c.Failed:N0} | {(c.Submitted > 0 ? $"in batches {c.Submitted:N0}" : $"in flight {c.InFlight}")}{Answers(c, " | ")}{Reasks(c, " | ")}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{unit} {finished:N0}/{total}{rows} | {c.RowsPerSecond:0.0} {unit}/s | {c.PromptTokens + c.CompletionTokens:N0} tokens{CostText(c, " | ")}{eta}");
    }

    /// <summary>A job with several answers per row (samples, models) or a judge: the answers stored so far, and those judged.</summary>
    public static string Answers(JobCounts c, string separator) => (c.Answers == 0 ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"{separator}answers {c.Answers:N0}"))
        + (c.Judged == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{separator}judged {c.Judged:N0}"));

    /// <summary>A structured job's re-asks (answers that did not match the schema, asked again) and rows that never matched.</summary>
    public static string Reasks(JobCounts c, string separator) => c.Reasks == 0 && c.ReaskFailed == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"{separator}re-asked {c.Reasks:N0}{(c.ReaskFailed > 0 ? $" ({c.ReaskFailed:N0} never valid)" : "")}");

    private static string Batches(string? states) => states is null ? string.Empty : $" | {states}";

    private static string Unavailable(string? message) => message is null ? string.Empty : $" | PROVIDER UNAVAILABLE: {message}";

    /// <summary>What the job has cost so far, after <paramref name="separator"/>, when prices.json prices its model; else nothing.</summary>
    public static string CostText(JobCounts c, string separator) => c.Cost is { } cost
        ? string.Create(CultureInfo.InvariantCulture, $"{separator}{cost:0.####} {c.Currency}")
        : string.Empty;
}
