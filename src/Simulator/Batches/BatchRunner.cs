using System.Text.Json;
using BatchAi.Simulator.Http;
using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// Moves a batch along its timeline up to a given instant, in one of two ways (see <see cref="BatchStore"/>):
/// <list type="bullet">
/// <item>worked out when someone looks (a fake clock): a batch's history is a function of its creation time, its settings and the
/// clock, so any files or batches request brings it up to now with no budget, each line answered at its due time; a test advances
/// time and the next GET sees exactly the state due, with no thread racing it;</item>
/// <item>by the fleet (the real clock): a background loop calls <see cref="Advance"/> with a budget of lines, each line answered when
/// the fleet gets to it, and validates outside the lock (<see cref="Prepare"/>, then <see cref="Start"/>). A batch whose lines are not
/// all answered stays in_progress past its nominal end, as OpenAI's and Azure's do under load.</item>
/// </list>
/// </summary>
internal sealed class BatchRunner(FileStore files, SimulatorOptions options, SimulatorStats stats)
{
    private const string ExpiredMessage = "This request could not be executed before the completion window expired.";

    /// <param name="earlier">The batches created before this one, already advanced: the enqueued-token quota counts theirs.</param>
    /// <param name="budget">
    /// The fleet's allowance of lines to work on in this call (answered, or written as expired), on the real clock: null (a clock
    /// worked out when someone looks) works everything due up to <paramref name="now"/> and validates inline. With a budget a
    /// validating batch is left to the fleet, which validates it outside the lock.
    /// </param>
    /// <returns>The lines worked on.</returns>
    public int Advance(SimBatch batch, DateTimeOffset now, IEnumerable<SimBatch> earlier, int? budget = null)
    {
        var left = budget ?? int.MaxValue;
        // With a budget the fleet answers on the real clock: a line is answered now, however long ago it was due.
        DateTimeOffset? answeredAt = budget is null ? null : now;
        var worked = 0;
        while (true)
        {
            switch (batch.Status)
            {
                case BatchStatus.Validating when budget is null && now >= batch.CreatedAt + batch.Settings.Validation:
                    Validate(batch, batch.CreatedAt + batch.Settings.Validation, earlier);
                    continue;
                case BatchStatus.InProgress:
                    var plan = batch.Plan!;
                    var end = batch.InProgressAt!.Value + batch.Settings.Completion;
                    worked += AnswerDue(batch, now < end ? now : end, left - worked, answeredAt);
                    // Lines still to answer (due later, or past the budget), or the window still open: in progress.
                    if (batch.Done < plan.Answering || now < end)
                    {
                        return worked;
                    }
                    // The lines stop at the nominal end, or at the last answer when the fleet was behind: OpenAI's batches stay
                    // in_progress for longer at busy times, and Azure's global batch keeps a job past its 24 h target in progress.
                    var closed = batch.LastAnsweredAt is { } last && last > end ? last : end;
                    if (plan.Expiring > 0)
                    {
                        worked += ExpireRest(batch, left - worked);
                        if (batch.Done < plan.Total)
                        {
                            return worked;
                        }
                        batch.ExpiredAt = closed;
                        Finish(batch, BatchStatus.Expired, closed);
                        return worked;
                    }
                    batch.FinalizingAt = closed;
                    batch.Status = BatchStatus.Finalizing;
                    continue;
                case BatchStatus.Finalizing when now >= batch.FinalizingAt!.Value + batch.Settings.Finalizing:
                    batch.CompletedAt = batch.FinalizingAt!.Value + batch.Settings.Finalizing;
                    Finish(batch, BatchStatus.Completed, batch.CompletedAt.Value);
                    return worked;
                case BatchStatus.Cancelling when now >= batch.CancellingAt!.Value + batch.Settings.Finalizing:
                    batch.CancelledAt = batch.CancellingAt!.Value + batch.Settings.Finalizing;
                    Finish(batch, BatchStatus.Cancelled, batch.CancelledAt.Value);
                    return worked;
                default:
                    return worked;
            }
        }
    }

    /// <summary>When the batch next has work, on its clock: now or earlier when the fleet is behind; null once it has ended.</summary>
    public static DateTimeOffset? NextDue(SimBatch batch)
    {
        switch (batch.Status)
        {
            case BatchStatus.Validating:
                return batch.CreatedAt + batch.Settings.Validation;
            case BatchStatus.InProgress:
                var plan = batch.Plan!;
                var start = batch.InProgressAt!.Value;
                return batch.Done < plan.Answering ? Due(batch, start, batch.Done) : start + batch.Settings.Completion;
            case BatchStatus.Finalizing:
                return batch.FinalizingAt!.Value + batch.Settings.Finalizing;
            case BatchStatus.Cancelling:
                return batch.CancellingAt!.Value + batch.Settings.Finalizing;
            default:
                return null;
        }
    }

    /// <summary>
    /// Starts cancelling: lines already answered stay and go to the output file; the rest are dropped. Validating and in-progress
    /// batches can be cancelled; a batch already cancelling or cancelled is returned as it is.
    /// </summary>
    public bool TryCancel(SimBatch batch, DateTimeOffset now)
    {
        if (batch.Status is BatchStatus.Cancelling or BatchStatus.Cancelled)
        {
            return true;
        }
        if (batch.Status is not (BatchStatus.Validating or BatchStatus.InProgress))
        {
            return false;
        }
        batch.CancellingAt = now;
        batch.Status = BatchStatus.Cancelling;
        return true;
    }

    /// <summary>
    /// Reads and checks the input file: the slow half of validation (every line parsed), which touches nothing the lock guards,
    /// so the fleet runs it outside the lock and requests never wait for it.
    /// </summary>
    public Validation Prepare(SimBatch batch, CancellationToken cancellationToken = default)
    {
        if (!files.TryGet(batch.InputFileId, out var input))
        {
            return new Validation(null, [new BatchError("file_not_found", $"The input file {batch.InputFileId} was deleted before the batch was validated.", "input_file_id")]);
        }
        var (plan, errors) = BatchValidator.Validate(input, batch.Endpoint, batch.Settings, batch.Number, cancellationToken);
        return new Validation(plan, errors);
    }

    /// <summary>
    /// Ends validation at <paramref name="at"/>, under the lock: the batch fails, or is refused over the enqueued-token quota as
    /// the earlier batches hold it at that instant, or starts in_progress. A batch cancelled meanwhile keeps its cancel.
    /// </summary>
    public void Start(SimBatch batch, Validation validation, DateTimeOffset at, IEnumerable<SimBatch> earlier)
    {
        if (batch.Status != BatchStatus.Validating)
        {
            validation.Plan?.Dispose();
            return;
        }
        if (validation.Plan is not { } plan)
        {
            Fail(batch, at, validation.Errors);
            return;
        }
        if (batch.Settings.EnqueuedTokenLimit is { } limit)
        {
            var enqueued = earlier.Where(b => b.HoldsQuotaAt(at)).Sum(b => b.EnqueuedTokens);
            if (enqueued + plan.PromptTokens > limit)
            {
                plan.Dispose();
                // OpenAI's wording for a batch over the organisation's enqueued-token limit.
                Fail(batch, at, [new BatchError("token_limit_exceeded",
                    $"Enqueued token limit reached for {plan.Model} in organization org-simulator. Limit: {limit:N0} enqueued tokens. Please try again once some in_progress batches have been completed.")]);
                return;
            }
        }
        batch.Plan = plan;
        batch.EnqueuedTokens = plan.PromptTokens;
        batch.Model = plan.Model;
        batch.Total = plan.Total;
        batch.Output = new BatchOutput(files, batch.Id);
        batch.InProgressAt = at;
        batch.Status = BatchStatus.InProgress;
    }

    /// <summary>
    /// The fleet could not move the batch on (an exception, logged by the store): it fails with what it has answered, rather than
    /// being tried again on every pass. OpenAI reports a batch it could not run as <c>failed</c> with its errors.
    /// </summary>
    public void Abandon(SimBatch batch, DateTimeOffset at, Exception exception)
    {
        if (batch.Status.IsFinal())
        {
            return;
        }
        batch.Errors.Add(new BatchError("server_error", $"The simulator failed while running this batch: {exception.GetType().Name}: {exception.Message}"));
        batch.FailedAt = at;
        try
        {
            Finish(batch, BatchStatus.Failed, at);
        }
        catch (Exception) when (batch.Status != BatchStatus.Failed)
        {
            // Publishing what was answered failed too: end the batch without its files rather than leave it running.
            batch.Output?.Dispose();
            batch.Output = null;
            batch.Plan?.Dispose();
            batch.Plan = null;
            batch.Status = BatchStatus.Failed;
            stats.RecordBatchFinished();
        }
    }

    private void Validate(SimBatch batch, DateTimeOffset at, IEnumerable<SimBatch> earlier) => Start(batch, Prepare(batch), at, earlier);

    // Line k of the plan is due at start + completion * (k + 1) / answering: evenly over the batch's time in progress.
    private static DateTimeOffset Due(SimBatch batch, DateTimeOffset start, int k) =>
        start + (batch.Settings.Completion * ((k + 1) / (double)batch.Plan!.Answering));

    // Answers the lines due by until, at most budget of them, each at its due time or at answeredAt (the fleet's clock).
    private int AnswerDue(SimBatch batch, DateTimeOffset until, int budget, DateTimeOffset? answeredAt)
    {
        var plan = batch.Plan!;
        var start = batch.InProgressAt!.Value;
        var answered = 0;
        while (batch.Done < plan.Answering && answered < budget)
        {
            var due = Due(batch, start, batch.Done);
            if (due > until)
            {
                break;
            }
            var at = answeredAt ?? due;
            Answer(batch, batch.Done, at);
            batch.LastAnsweredAt = at;
            batch.Done++;
            answered++;
        }
        return answered;
    }

    private void Answer(SimBatch batch, int k, DateTimeOffset at)
    {
        using var line = JsonDocument.Parse(batch.Plan!.ReadLine(k));
        var customId = line.RootElement.GetProperty("custom_id").GetString()!;
        var output = batch.Output!;
        var succeeded = false;
        if (FailsByShare(batch.Settings, customId))
        {
            output.WriteResponse(customId, 500, json => WriteError(json, "The server had an error while processing your request. Sorry about that! (simulated)", "server_error", null));
        }
        else
        {
            try
            {
                // The same parsing and answer as the online endpoint, so a row gets the same answer whichever way it is sent.
                var request = ChatRequest.FromJson(line.RootElement.GetProperty("body"));
                var answer = PlannedAnswer.For(request, options);
                var header = new CompletionHeader($"chatcmpl-{Guid.NewGuid():N}", at.ToUnixTimeSeconds(), request.Model, IncludeUsage: false);
                output.WriteResponse(customId, 200, json =>
                    CompletionJson.WriteCompletion(json, header, answer.ContentText, answer.ReasoningText, answer.FinishReason, answer.Usage, answer.ReasoningField));
                batch.InputTokens += answer.Usage.PromptTokens;
                batch.OutputTokens += answer.Usage.CompletionTokens;
                batch.ReasoningTokens += answer.Usage.ReasoningTokens;
                succeeded = true;
            }
            catch (InvalidRequestException invalid)
            {
                // A body the chat endpoint refuses is not a validation error: OpenAI runs the batch and answers that line 400.
                output.WriteResponse(customId, 400, json => WriteError(json, invalid.Message, "invalid_request_error", invalid.Param));
            }
        }
        if (succeeded)
        {
            batch.Completed++;
        }
        else
        {
            batch.Failed++;
        }
        stats.RecordBatchLine(batch.Settings.CountLines ? customId : null, succeeded);
    }

    // The lines the window closed on, unanswered, from where the last call stopped: at most budget of them.
    private int ExpireRest(SimBatch batch, int budget)
    {
        var plan = batch.Plan!;
        var written = 0;
        while (batch.Done < plan.Total && written < budget)
        {
            using (var line = JsonDocument.Parse(plan.ReadLine(batch.Done)))
            {
                batch.Output!.WriteNotRun(line.RootElement.GetProperty("custom_id").GetString()!, "batch_expired", ExpiredMessage);
            }
            batch.Done++;
            written++;
        }
        if (written > 0)
        {
            stats.RecordBatchLinesExpired(written);
        }
        return written;
    }

    private void Fail(SimBatch batch, DateTimeOffset at, List<BatchError> errors)
    {
        batch.Errors.AddRange(errors);
        batch.FailedAt = at;
        Finish(batch, BatchStatus.Failed, at);
    }

    private void Finish(SimBatch batch, BatchStatus status, DateTimeOffset at)
    {
        if (batch.Output is { } output)
        {
            (batch.OutputFileId, batch.ErrorFileId) = output.Publish(at.ToUnixTimeSeconds());
            batch.Output = null;
        }
        batch.Plan?.Dispose();
        batch.Plan = null;
        batch.Status = status;
        stats.RecordBatchFinished();
    }

    // A 500 on a batch line is a passing fault, as a 500 online is (OpenAI's "server_error"): a client sends the line again in
    // another batch, and there it is drawn anew, as a retried request usually succeeds. The first draw of a custom_id is by
    // custom_id and seed alone, so two servers with one seed fail the same lines; only lines that failed are remembered.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    private bool FailsByShare(BatchSettings settings, string customId)
    {
        if (settings.FailedShare <= 0)
        {
            return false;
        }
        var before = _failures.GetValueOrDefault(customId);
        var key = before == 0 ? $"{settings.Seed}:fail:{customId}" : $"{settings.Seed}:fail:{customId}:{before}";
        var fails = (StableHash.Of(key) >> 11) * (1.0 / (1UL << 53)) < settings.FailedShare;
        if (fails)
        {
            _failures.AddOrUpdate(customId, 1, static (_, n) => n + 1);
        }
        return fails;
    }

    private static void WriteError(Utf8JsonWriter json, string message, string type, string? param)
    {
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        JsonResponse.WriteStringOrNull(json, "param", param);
        json.WriteNull("code");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>What <see cref="Prepare"/> found: the plan, or the errors the batch fails with.</summary>
    internal readonly record struct Validation(BatchPlan? Plan, List<BatchError> Errors);
}
