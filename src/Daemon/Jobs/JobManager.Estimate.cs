using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobManager
{
    /// <summary>Answer length assumed when a job sets no maxTokens: a paragraph or two.</summary>
    public const int AssumedAnswerTokens = 300;

    /// <summary>
    /// What a job would cost, before anything is spent: the input read and prepared exactly as the job would
    /// (cleaning, template, skips), every prompt counted with the tokenizer, answers from maxTokens or an assumed length.
    /// </summary>
    public async Task<EstimateJobResult> EstimateAsync(StartJobParams p, CancellationToken cancellationToken)
    {
        JobRequestValidator.Validate(p);
        p = WithProfile(p);
        var input = Path.GetFullPath(p.Input);
        var format = JobRequestValidator.Format(p);
        var spec = JobSpec.From(p, input, p.Output ?? OutputPath.Default(input, format), format);
        await using var source = await JobRunner.OpenInputAsync(spec, cancellationToken).ConfigureAwait(false);
        var preparer = new RowPreparer(source.Columns, spec.Column, spec.Template, spec.Cleaning, input, skipBadRows: true);
        var systemTokens = string.IsNullOrWhiteSpace(spec.SystemPrompt) ? 0 : TokenEstimator.Count(spec.SystemPrompt);
        long rows = 0, toSend = 0, promptTokens = 0;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            var prepared = preparer.Prepare(row);
            if (prepared.Skip is null)
            {
                toSend++;
                // A few tokens of chat framing per message, as the chat format adds them.
                promptTokens += TokenEstimator.Count(prepared.Prompt) + systemTokens + 8;
            }
        }

        var perAnswer = spec.MaxTokens ?? AssumedAnswerTokens;
        var completionTokens = toSend * perAnswer;
        var basis = spec.MaxTokens is null
            ? $"assumed {AssumedAnswerTokens} tokens per answer (set maxTokens for an upper bound)"
            : $"maxTokens {spec.MaxTokens} per answer (an upper bound)";
        var (cost, note) = Price(spec.AllEndpoints()[0].Model, promptTokens, completionTokens);
        return new EstimateJobResult(rows, toSend, promptTokens, completionTokens, basis,
            TokenEstimator.HasTokenizer ? "o200k_base" : "estimate", cost, Seconds(spec.AllEndpoints(), toSend, promptTokens + completionTokens), note);
    }

    private (EstimateCost? Cost, string? Note) Price(string model, long promptTokens, long completionTokens)
    {
        var table = PriceTable.Load(Path.GetDirectoryName(_ledger.Path)!);
        if (!table.Models.TryGetValue(model, out var price))
        {
            return (null, $"no price for model '{model}' in {PriceTable.FileName} in the data directory (prices per million tokens).");
        }

        var inputCost = Math.Round(promptTokens * price.Input / 1_000_000m, 4);
        var outputCost = Math.Round(completionTokens * price.Output / 1_000_000m, 4);
        return (new EstimateCost(table.Currency, model, inputCost, outputCost, inputCost + outputCost), null);
    }

    /// <summary>The time the endpoints' configured limits allow, together: rows by requests per minute, tokens by tokens per minute.</summary>
    private static double? Seconds(IReadOnlyList<EndpointSpec> endpoints, long rows, long tokens)
    {
        if (endpoints.Any(e => e.RequestsPerMinute is null && e.TokensPerMinute is null))
        {
            return null;
        }

        var requestsPerMinute = endpoints.Sum(e => (double?)e.RequestsPerMinute ?? double.PositiveInfinity);
        var tokensPerMinute = endpoints.Sum(e => (double?)e.TokensPerMinute ?? double.PositiveInfinity);
        return Math.Round(Math.Max(rows / requestsPerMinute, tokens / tokensPerMinute) * 60, 1);
    }
}
