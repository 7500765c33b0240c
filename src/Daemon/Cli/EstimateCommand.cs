using System.CommandLine;
using System.Globalization;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using Spectre.Console;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// <c>batchai estimate FILE</c>: what <c>run</c> with the same options would cost, before it is spent: tokens, price and time;
/// with <c>--pilot N</c>, the answers' length measured on N rows really sent (kept in the cache, so <c>run</c> does not pay for them again).
/// </summary>
internal static class EstimateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The dataset: .xlsx, .xls, .csv, .tsv, .json or .jsonl." };
        var pilot = new Option<int?>("--pilot") { Description = "Send this many rows (1 to 100, a sample spread over the file) to measure the answers' length; without it nothing is sent." };
        var options = new JobOptions();
        var common = new CliCommon();
        var command = new Command("estimate", "Estimate a run's tokens, cost (from prices.json in the data directory) and time, with the same options as run.") { file, pilot };
        options.AddTo(command);
        common.AddTo(command);
        var schema = new SchemaOptions();
        schema.AddTo(command);
        var judgeFlags = new JudgeFlags();
        judgeFlags.AddTo(command);
        var samples = new SampleOptions();
        samples.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (options.LoadDefaults(parse, "estimate") is not { } defaults || options.Provider(parse, defaults, "estimate") is not { } provider
                || !schema.TryRead(parse, "estimate", out var format)
                || !judgeFlags.TryRead(parse, "estimate", out var judge))
            {
                return ExitCodes.BadInput;
            }

            var input = Path.GetFullPath(parse.GetValue(file)!);
            var output = parse.GetValue(options.Output) is { } o ? Path.GetFullPath(o) : null;
            return await common.RunAsync(parse, cancellationToken, async (connection, json) =>
            {
                var request = new EstimateJobParams(samples.Apply(parse, options.Request(parse, input, connection.InProcess ? provider : RunCommand.WithKeyFromHere(provider), output, defaults)
                    with { ResponseFormat = format, Judge = judge }), parse.GetValue(pilot));
                var estimate = await connection.CallAsync<EstimateJobResult>(Methods.EstimateJob, request, cancellationToken);
                if (json)
                {
                    CliCommon.Print(estimate);
                }
                else
                {
                    AnsiConsole.Write(Table(input, provider.Model, estimate));
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Table Table(string input, string model, EstimateJobResult e)
    {
        var table = new Table().Title(Markup.Escape($"Estimate: {Path.GetFileName(input)} with {model}")).HideHeaders()
            .AddColumn("").AddColumn(new TableColumn("").RightAligned()).AddColumn("");
        void Row(string what, string value, string note = "") => table.AddRow(Markup.Escape(what), Markup.Escape(value), Markup.Escape(note));
        Row("rows", N(e.Rows), $"{N(e.RowsToSend)} to send; the others are skipped (empty, duplicate or unreadable)");
        Row("prompt tokens", N(e.PromptTokens), $"counted with {e.Tokenizer}");
        Row("completion tokens", N(e.CompletionTokens), e.CompletionBasis);
        Row("total tokens", N(e.PromptTokens + e.CompletionTokens));
        if (e.Requests is { } requests)
        {
            Row("requests", N(requests), requests == e.RowsToSend ? "one per row" : "answers (each sample of each model; one for all samples where the endpoint takes n), re-asks and turns");
        }
        if (e.Cost is { } cost)
        {
            Row("cost", $"{Money(cost.Total)} {cost.Currency}", $"input {Money(cost.Input)}, output {Money(cost.Output)} ({cost.Model}, prices.json)"
                + (cost is { Low: { } low, High: { } high } ? $"; rows shared by the endpoints' weights: {Money(low)} all on the cheapest, {Money(high)} all on the dearest" : string.Empty));
        }
        else
        {
            Row("cost", "unknown", e.Note ?? string.Empty);
        }

        Row("time", e.Seconds is { } s ? TimeSpan.FromSeconds(Math.Ceiling(s)).ToString("g", CultureInfo.InvariantCulture) : "unknown",
            e.Seconds is null ? "no rate limits configured for the endpoints" : "at the endpoints' configured rate limits");
        Row("online", $"{Price(e.Cost)}, {(e.Seconds is { } online ? $"~{Span(online)}" : "time unknown")}", "each row a request, at the endpoints' rate limits");
        Row("batch", $"{Price(e.BatchCost)}, {(e.BatchSeconds is { } batch ? $"within {Span(batch)}" : "time unknown")}",
            "through the provider's Batch API (--mode batch), at batch prices");
        if (e.Pilot is { } p)
        {
            Row("pilot", $"{p.Rows} rows", $"{p.Sent} sent, {p.Rows - p.Sent} from the cache{(p.Failed > 0 ? $", {p.Failed} failed" : "")}; "
                + $"spent {N(p.Spent)} tokens{(p.Cost is { } c ? $" ({Money(c)})" : "")}; run takes their answers from the cache");
        }

        if (e.Pilot?.ReasksPerRow is { } reasks)
        {
            Row("re-asks", reasks.ToString("0.##", CultureInfo.InvariantCulture) + " per row",
                "answers that did not match the JSON Schema, asked again in the pilot; each is a request, its tokens counted above");
        }

        if (e.JudgeRequests is { } judged)
        {
            Row("judge calls", N(judged), $"one per answer, of {N(e.Requests ?? judged)} requests in all; their tokens and cost are counted above");
        }

        return table;
    }

    private static string Price(EstimateCost? cost) => cost is null ? "cost unknown" : $"{Money(cost.Total)} {cost.Currency}";

    // A person's reading of a duration: "24h", "2.5h", "40m", "12s".
    private static string Span(double seconds) => seconds switch
    {
        >= 3600 => (seconds / 3600).ToString("0.#", CultureInfo.InvariantCulture) + "h",
        >= 60 => Math.Ceiling(seconds / 60).ToString(CultureInfo.InvariantCulture) + "m",
        _ => Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture) + "s",
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
