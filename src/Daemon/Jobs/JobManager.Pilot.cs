using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobManager
{
    /// <summary>
    /// Sends the pilot rows as the job would (same model, messages and parameters), at the job's concurrency, and keeps each
    /// complete answer in the response cache under the fingerprint the job's row will have, so the job does not pay for it again.
    /// A row asked before is taken from the cache and costs nothing.
    /// </summary>
    private async Task<PilotMeasure> RunPilotAsync(JobSpec spec, IReadOnlyDictionary<string, string?> keys, IReadOnlyList<(long Index, string Prompt)> rows,
        CancellationToken cancellationToken)
    {
        var chat = CreateChat(spec, keys).Chat;
        var model = spec.FingerprintModel();
        var fingerprints = rows.Select(r => RequestFingerprint.Compute(model, spec.SystemPrompt, r.Prompt, spec.Temperature, spec.MaxTokens)).ToArray();
        var cached = spec.DisableCache ? [] : _ledger.Reader.LookupResponses(fingerprints.ToHashSet(StringComparer.Ordinal));
        var measured = new PilotRow[rows.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(spec.Concurrency, rows.Count), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), options, async (i, token) =>
        {
            var counted = PromptTokens.Of(spec.SystemPrompt, rows[i].Prompt);
            if (cached.TryGetValue(fingerprints[i], out var hit))
            {
                measured[i] = new PilotRow(counted, hit.PromptTokens, hit.CompletionTokens, Sent: false);
                return;
            }

            try
            {
                var answer = await chat.CompleteAsync(new ChatRequest(rows[i].Prompt, spec.SystemPrompt, spec.Temperature, spec.MaxTokens),
                    NoDeltaSink.Instance, () => { }, token).ConfigureAwait(false);
                await _ledger.RememberAsync(fingerprints[i],
                    new CachedResponse(answer.Answer, answer.Reasoning, answer.PromptTokens, answer.CompletionTokens, answer.FinishReason,
                        answer.Origin?.Model, answer.Origin?.Endpoint),
                    spec.Model, _settings.Time.GetUtcNow()).ConfigureAwait(false);
                // A provider that reports no usage: the answer counted as the prompt is.
                measured[i] = new PilotRow(counted, answer.PromptTokens, answer.CompletionTokens ?? Scheduling.TokenEstimator.Count(answer.Answer), Sent: true,
                    Model: answer.Origin?.Model);
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
}
