using System.Text.Json;
using BatchAi.Simulator.Http;
using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// Moves a batch along its timeline up to a given instant. A batch's history is a function of its creation time, its settings
/// and the clock, so it is worked out when someone looks (any files or batches request) rather than by a background loop: on a
/// fake clock a test advances time and the next GET sees exactly the state due, with no thread racing it.
/// </summary>
internal sealed class BatchRunner(FileStore files, SimulatorOptions options, SimulatorStats stats)
{
    private const string ExpiredMessage = "This request could not be executed before the completion window expired.";

    /// <param name="earlier">The batches created before this one, already advanced: the enqueued-token quota counts theirs.</param>
    public void Advance(SimBatch batch, DateTimeOffset now, IEnumerable<SimBatch> earlier)
    {
        while (true)
        {
            switch (batch.Status)
            {
                case BatchStatus.Validating when now >= batch.CreatedAt + batch.Settings.Validation:
                    Validate(batch, batch.CreatedAt + batch.Settings.Validation, earlier);
                    continue;
                case BatchStatus.InProgress:
                    var start = batch.InProgressAt!.Value;
                    var end = start + batch.Settings.Completion;
                    AnswerDue(batch, now < end ? now : end);
                    if (now < end)
                    {
                        return;
                    }
                    if (batch.Plan!.Expiring > 0)
                    {
                        Expire(batch, end);
                        return;
                    }
                    batch.FinalizingAt = end;
                    batch.Status = BatchStatus.Finalizing;
                    continue;
                case BatchStatus.Finalizing when now >= batch.FinalizingAt!.Value + batch.Settings.Finalizing:
                    batch.CompletedAt = batch.FinalizingAt!.Value + batch.Settings.Finalizing;
                    Finish(batch, BatchStatus.Completed, batch.CompletedAt.Value);
                    return;
                case BatchStatus.Cancelling when now >= batch.CancellingAt!.Value + batch.Settings.Finalizing:
                    batch.CancelledAt = batch.CancellingAt!.Value + batch.Settings.Finalizing;
                    Finish(batch, BatchStatus.Cancelled, batch.CancelledAt.Value);
                    return;
                default:
                    return;
            }
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

    private void Validate(SimBatch batch, DateTimeOffset at, IEnumerable<SimBatch> earlier)
    {
        if (!files.TryGet(batch.InputFileId, out var input))
        {
            Fail(batch, at, [new BatchError("file_not_found", $"The input file {batch.InputFileId} was deleted before the batch was validated.", "input_file_id")]);
            return;
        }
        var (plan, errors) = BatchValidator.Validate(input, batch.Endpoint, batch.Settings, batch.Number);
        if (plan is null)
        {
            Fail(batch, at, errors);
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

    // Line k of the plan is answered at start + completion * (k + 1) / answering: evenly over the batch's time in progress.
    private void AnswerDue(SimBatch batch, DateTimeOffset until)
    {
        var plan = batch.Plan!;
        var start = batch.InProgressAt!.Value;
        while (batch.Done < plan.Answering)
        {
            var due = start + (batch.Settings.Completion * ((batch.Done + 1) / (double)plan.Answering));
            if (due > until)
            {
                return;
            }
            Answer(batch, batch.Done, due);
            batch.Done++;
        }
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

    private void Expire(SimBatch batch, DateTimeOffset at)
    {
        var plan = batch.Plan!;
        for (var k = plan.Answering; k < plan.Total; k++)
        {
            using var line = JsonDocument.Parse(plan.ReadLine(k));
            batch.Output!.WriteNotRun(line.RootElement.GetProperty("custom_id").GetString()!, "batch_expired", ExpiredMessage);
        }
        stats.RecordBatchLinesExpired(plan.Expiring);
        batch.ExpiredAt = at;
        Finish(batch, BatchStatus.Expired, at);
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
}
