using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>estimateJob</c>: what a job would cost and how long it would take, before it is started.</summary>
internal sealed class JobEstimator(JobLedger ledger, ProfileStore profiles, JobKeys keys, JobPricing pricing, DaemonSettings settings)
{
    /// <summary>Answer length assumed when a job sets no maxTokens and asks for no pilot: a paragraph or two.</summary>
    public const int AssumedAnswerTokens = 300;

    /// <summary>The most rows a pilot may send: enough to measure, few enough that an estimate stays cheap.</summary>
    public const int MaxPilotRows = 100;

    /// <summary>
    /// What a job would cost: the input read and prepared exactly as the job would (cleaning, template, skips), every prompt
    /// counted with the tokenizer, answers from maxTokens or an assumed length, or measured by a pilot of a few rows really sent.
    /// </summary>
    public async Task<EstimateJobResult> EstimateAsync(StartJobParams p, CancellationToken cancellationToken)
    {
        JobRequestValidator.Validate(p);
        var pilotRows = (p as EstimateJobParams)?.Pilot;
        if (pilotRows is < 1 or > MaxPilotRows)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, $"pilot must be between 1 and {MaxPilotRows} rows (got {pilotRows}).", new RefusedAt(Field: "pilot"));
        }

        var batchWindow = BatchWindow.Parse(p.Batch?.CompletionWindow, "batch.completionWindow");
        p = profiles.Apply(p);
        var input = Path.GetFullPath(p.Input);
        var format = JobRequestValidator.Format(p);
        var spec = JobSpec.From(p, input, p.Output ?? OutputPath.Default(input, format), format);
        // Keys first: a pilot that cannot be sent is refused before the whole input is read.
        var pilotKeys = pilotRows is null ? null : keys.Resolve(spec, JobKeys.Given(p), null, jobId: null);
        await using var source = await JobRunner.OpenInputAsync(spec, cancellationToken).ConfigureAwait(false);
        var preparer = new RowPreparer(source.Columns, spec.Preparation() with { SkipBadRows = true }, input);
        var sample = new PilotSample(pilotRows ?? 0);
        long rows = 0, toSend = 0, promptTokens = 0;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            var prepared = preparer.Prepare(row);
            if (prepared.Skip is null)
            {
                toSend++;
                promptTokens += PromptTokensOf(spec, prepared.Prompt, prepared.Conversation);
                sample.Offer(row.Index, prepared.Prompt, prepared.Conversation);
            }
        }

        var prices = pricing.Load();
        long completionTokens;
        string basis;
        EstimatePilot? pilot = null;
        if (pilotKeys is not null && sample.Rows.Count > 0)
        {
            var measured = await RunPilotAsync(spec, pilotKeys, sample.Rows, cancellationToken).ConfigureAwait(false);
            (promptTokens, completionTokens, basis) = measured.Extrapolate(promptTokens, toSend);
            pilot = measured.Describe(JobPricing.PriceOf(spec, prices));
        }
        else
        {
            var perAnswer = spec.MaxTokens ?? AssumedAnswerTokens;
            completionTokens = toSend * perAnswer;
            basis = spec.MaxTokens is null
                ? $"assumed {AssumedAnswerTokens} tokens per answer (set maxTokens for an upper bound, or ask for a pilot)"
                : $"maxTokens {spec.MaxTokens} per answer (an upper bound)";
        }

        var requests = toSend;
        if (spec.MultiTurn)
        {
            (promptTokens, completionTokens, requests) = TurnEstimate.Of(spec, promptTokens, completionTokens, toSend);
            basis += $"; {spec.Turns} assistant turns per row and {spec.Turns - 1} simulated user messages of about {TurnEstimate.AssumedUserMessageTokens} tokens, "
                + "each turn's prompt the conversation so far (a rough figure)";
        }

        // A judge's prompt re-reads one row's prompt and one answer: taken before they are multiplied by the row's answers.
        var (rowPrompts, answerTokens) = (promptTokens, toSend == 0 ? 0 : completionTokens / toSend);
        (promptTokens, completionTokens, requests) = SlotEstimate.Of(spec, promptTokens, completionTokens, requests, pilot?.ReasksPerRow);
        if (spec.Slots() is { } slots)
        {
            basis += $"; {slots.Samples} answer(s) per row from each of {slots.Models.Count} model(s)";
        }

        // With models, each answers every row: priced each at its own, the same share of the tokens (no range: none is left to chance).
        var byModel = spec.Models is { Count: > 0 } models ? models.Select((m, i) => new EndpointSpec(EndpointSpec.DefaultName(i), spec.BaseUrl, m, null, false)).ToList() : null;
        var priced = byModel ?? spec.AllEndpoints();
        var (cost, note) = Price(prices, priced, promptTokens, completionTokens);
        var (batchCost, _) = Price(prices, priced, promptTokens, completionTokens, atBatch: true);
        if (byModel is not null)
        {
            cost = cost is null ? null : cost with { Low = null, High = null };
            batchCost = batchCost is null ? null : batchCost with { Low = null, High = null };
        }

        long? judgeRequests = null;
        if (spec.Judge is { } judge)
        {
            // Every answer of a row is judged (its slots: samples × models), priced at the judge's model; its tokens join the figures.
            var judged = JudgeEstimate.Of(judge, rowPrompts, answerTokens, toSend, spec.Slots()?.Count ?? 1);
            var (judgeCost, judgeNote) = Price(prices, JobJudge.Endpoints(judge, spec.AllEndpoints()) ?? spec.AllEndpoints(), judged.Prompt, judged.Completion);
            (cost, note) = (JudgeEstimate.Add(cost, judgeCost), note ?? judgeNote);
            (promptTokens, completionTokens, requests, judgeRequests) = (promptTokens + judged.Prompt, completionTokens + judged.Completion, requests + judged.Requests, judged.Requests);
            basis += $"; a judge's call per answer: the question and answer with its rubric, and a verdict of about {JudgeEstimate.AssumedVerdictTokens} tokens";
        }

        return new EstimateJobResult(rows, toSend, promptTokens, completionTokens, basis,
            TokenEstimator.HasTokenizer ? "o200k_base" : "estimate", cost, Seconds(spec.AllEndpoints(), requests, promptTokens + completionTokens), note, pilot,
            batchCost, BatchWindow.Seconds(ledger.Reader, spec.BaseUrl, batchWindow), Requests: requests, JudgeRequests: judgeRequests);
    }

    /// <summary>
    /// The cost of these tokens on the job's endpoints. One model: its price. A pool of several: each model gets the share of
    /// the rows its endpoints have of the weights (the pool sends by weight when the endpoints keep up alike), with the range
    /// from all on the cheapest to all on the dearest beside it. No cost, with a note saying why, when a model has no price
    /// or the prices are in two currencies. <paramref name="atBatch"/>: each model at its batch price, as through the provider's Batch API.
    /// </summary>
    private static (EstimateCost? Cost, string? Note) Price(PriceTable table, IReadOnlyList<EndpointSpec> endpoints, long promptTokens, long completionTokens,
        bool atBatch = false)
    {
        var weights = endpoints.GroupBy(e => e.Model, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Model: g.Key, Weight: g.Sum(e => Math.Max(0, e.Weight))))
            .ToList();
        var unpriced = weights.Where(w => !table.Models.ContainsKey(w.Model)).Select(w => $"'{w.Model}'").ToList();
        if (unpriced.Count > 0)
        {
            return (null, $"no price for model {string.Join(", ", unpriced)} in {PriceTable.FileName} in the data directory (prices per million tokens).");
        }

        var currencies = weights.Select(w => table.CurrencyOf(table.Models[w.Model])).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (currencies.Count > 1)
        {
            return (null, $"the pool's models are priced in {string.Join(" and ", currencies)} in {PriceTable.FileName}: costs in two currencies have no one total.");
        }

        ModelPrice PriceOf(string model) => atBatch ? table.Models[model].AtBatch() : table.Models[model];
        decimal InputCost(string model) => promptTokens * PriceOf(model).Input / 1_000_000m;
        decimal OutputCost(string model) => completionTokens * PriceOf(model).Output / 1_000_000m;
        var totalWeight = weights.Sum(w => w.Weight);
        decimal Share(double weight) => totalWeight > 0 ? (decimal)(weight / totalWeight) : 1m / weights.Count;
        var input = Math.Round(weights.Sum(w => Share(w.Weight) * InputCost(w.Model)), 4);
        var output = Math.Round(weights.Sum(w => Share(w.Weight) * OutputCost(w.Model)), 4);
        var names = string.Join(" + ", weights.Select(w => w.Model));
        if (weights.Count == 1)
        {
            return (new EstimateCost(currencies[0], names, input, output, input + output), null);
        }

        var totals = weights.Select(w => InputCost(w.Model) + OutputCost(w.Model)).ToList();
        return (new EstimateCost(currencies[0], names, input, output, input + output, Math.Round(totals.Min(), 4), Math.Round(totals.Max(), 4)), null);
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

    /// <summary>
    /// Sends the pilot rows as the job would (same model, messages and parameters), at the job's concurrency, and keeps each
    /// complete answer in the response cache under the fingerprint the job's row will have, so the job does not pay for it again.
    /// A row asked before is taken from the cache and costs nothing.
    /// </summary>
    private async Task<PilotMeasure> RunPilotAsync(JobSpec spec, IReadOnlyDictionary<string, string?> endpointKeys, IReadOnlyList<(long Index, string Prompt, bool Conversation)> rows,
        CancellationToken cancellationToken)
    {
        var chat = JobChat.Create(spec, endpointKeys, settings).Chat;
        var schema = spec.AnswerFormat is { } format ? Structured.AnswerSchema.Parse(format.Schema) : null;
        var model = spec.FingerprintModel();
        var fingerprints = rows.Select(r => PilotFingerprint(model, spec, r.Prompt, r.Conversation)).ToArray();
        var cached = spec.DisableCache ? [] : ledger.Reader.LookupResponses(fingerprints.ToHashSet(StringComparer.Ordinal));
        var measured = new PilotRow[rows.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(spec.Concurrency, rows.Count), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), options, async (i, token) =>
        {
            var counted = PromptTokensOf(spec, rows[i].Prompt, rows[i].Conversation);
            if (cached.TryGetValue(fingerprints[i], out var hit))
            {
                measured[i] = new PilotRow(counted, hit.PromptTokens, hit.CompletionTokens, Sent: false);
                return;
            }

            try
            {
                var request = spec.RowRequest(rows[i].Prompt, rows[i].Conversation);
                var (answer, valid, reasks) = schema is null
                    ? (await chat.CompleteAsync(request, NoDeltaSink.Instance, () => { }, token).ConfigureAwait(false), true, (int?)null)
                    // A structured pilot re-asks as the job would, so its tokens include the re-asks' share; only a valid answer
                    // is cached, since a cached answer is taken as done without validation.
                    : await StructuredPilotAsync(chat, request, schema, spec.AnswerFormat!.MaxReasks, token).ConfigureAwait(false);
                if (valid)
                {
                    await ledger.RememberAsync(fingerprints[i],
                        new CachedResponse(answer.Answer, answer.Reasoning, answer.PromptTokens, answer.CompletionTokens, answer.FinishReason,
                            answer.Origin?.Model, answer.Origin?.Endpoint),
                        spec.Model, settings.Time.GetUtcNow()).ConfigureAwait(false);
                }

                // A provider that reports no usage: the answer counted as the prompt is.
                measured[i] = new PilotRow(counted, answer.PromptTokens, answer.CompletionTokens ?? Scheduling.TokenEstimator.Count(answer.Answer), Sent: true,
                    Model: answer.Origin?.Model, Reasks: reasks);
            }
            catch (ProviderException e) when (e.Fault is ProviderFault.KeyRefused or ProviderFault.QuotaSpent)
            {
                throw new RequestRefusedException(RefusalReason.ProviderConfig, $"The pilot was refused: {e.Message}", new RefusedAt(Field: "provider"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                measured[i] = new PilotRow(counted, null, null, Sent: true, Error: $"row {rows[i].Index}: {e.Message}");
            }
        }).ConfigureAwait(false);
        return new PilotMeasure(measured);
    }

    // As the job's ingest fingerprints the row; an image that cannot be sent gets a key no answer is stored under.
    // A conversation is counted message by message as it will be sent; a plain row without building its request.
    private static long PromptTokensOf(JobSpec spec, string prompt, bool conversation) => conversation
        ? PromptTokens.Of(RowRequest.Build(prompt, conversation: true, spec.SystemPrompt, spec.Temperature, spec.MaxTokens))
        : PromptTokens.Of(spec.SystemPrompt, prompt);

    private static string PilotFingerprint(string model, JobSpec spec, string prompt, bool conversation)
    {
        try
        {
            return RequestFingerprint.Compute(model, spec.RowRequest(prompt, conversation));
        }
        catch (ImageException)
        {
            return string.Empty;
        }
    }

    // The last answer with the tokens of every request the row took, whether it matched the schema, and the re-asks it took.
    private static async Task<(ChatAnswer Answer, bool Valid, int? Reasks)> StructuredPilotAsync(ResilientChat chat, ChatRequest request, Structured.AnswerSchema schema,
        int maxReasks, CancellationToken token)
    {
        var structured = await Structured.Reasker.AskAsync(request, schema, maxReasks,
            (r, ct) => chat.CompleteAsync(r, NoDeltaSink.Instance, () => { }, ct), null, token).ConfigureAwait(false);
        return (structured.Last with { PromptTokens = structured.PromptTokens, CompletionTokens = structured.CompletionTokens }, structured.Check.IsValid, structured.Reasks);
    }
}
