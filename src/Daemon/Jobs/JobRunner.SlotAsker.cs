using System.Collections.Concurrent;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Jobs;

internal sealed partial class JobRunner
{
    /// <summary>
    /// Asks one row's missing slots, a <see cref="SlotRequest"/> at a time: the request (with <c>n</c> for several samples), each
    /// choice it brought validated and re-asked on its own when the job has a schema, and the samples it did not bring (an endpoint
    /// that ignores <c>n</c>, a choice cut off) asked one by one. A slot whose request fails is stored failed with the error.
    /// </summary>
    private sealed class SlotAsker(JobRunner runner, WorkRow row, AnswerSlots slots, ChatRequest request, ConcurrentDictionary<int, SlotAnswer> stored,
        IChatDeltaSink sink, Action onAttempt, Action onReask)
    {
        private CancellationToken Stop => runner._abort.Token;

        // Once the run is asked to stop, no new request leaves (as no new row does); those in flight land and are stored.
        private bool Stopping => runner._dispatchStop.IsCancellationRequested;

        public async Task RunAsync(SlotRequest plan)
        {
            if (Stopping)
            {
                return;
            }

            var chat = runner.ChatFor(slots, plan.ModelIndex);
            // One stream per row reaches a client watching it: the first slot's.
            var slotSink = plan is { ModelIndex: 0, First: 0 } ? sink : NoDeltaSink.Instance;
            ChatAnswer answer;
            try
            {
                answer = await chat.CompleteAsync(request.ForSamples(plan.First, plan.Count), slotSink, onAttempt, Stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!runner.Abandons(e))
            {
                for (var sample = plan.First; sample < plan.First + plan.Count; sample++)
                {
                    await FailAsync(plan.ModelIndex, sample, e.Message).ConfigureAwait(false);
                }

                return;
            }

            var got = answer.AllChoices.Where(c => c.Choice < plan.Count).ToList();
            var settled = got.Select(c => SettleAsync(plan.ModelIndex, plan.First + c.Choice, c, chat, slotSink));
            var missing = Enumerable.Range(plan.First, plan.Count).Except(got.Select(c => plan.First + c.Choice))
                .Select(sample => AskOneAsync(plan.ModelIndex, sample, chat));
            await Task.WhenAll([.. settled, .. missing]).ConfigureAwait(false);
        }

        /// <summary>One sample asked alone (its <c>seed</c> is its number), then settled.</summary>
        private async Task AskOneAsync(int modelIndex, int sample, ResilientChat chat)
        {
            if (Stopping)
            {
                return;
            }

            ChatAnswer answer;
            try
            {
                answer = await chat.CompleteAsync(request.ForSamples(sample), NoDeltaSink.Instance, onAttempt, Stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!runner.Abandons(e))
            {
                await FailAsync(modelIndex, sample, e.Message).ConfigureAwait(false);
                return;
            }

            await SettleAsync(modelIndex, sample, answer with { Choice = 0 }, chat, NoDeltaSink.Instance).ConfigureAwait(false);
        }

        /// <summary>A sample's answer validated against the job's schema (re-asked on its own until valid or out of re-asks), then stored.</summary>
        private async Task SettleAsync(int modelIndex, int sample, ChatAnswer answer, ResilientChat chat, IChatDeltaSink slotSink)
        {
            var slot = slots.Slot(modelIndex, sample);
            var one = request.ForSamples(sample);
            var state = RowState.Done;
            string? error = null;
            int? prompt = answer.PromptTokens, completion = answer.CompletionTokens;
            var last = answer;
            if (runner._schema is { } schema)
            {
                try
                {
                    var structured = await Reasker.ContinueAsync(one, answer, schema, runner.Spec.AnswerFormat!.MaxReasks,
                        (r, ct) => chat.CompleteAsync(r, slotSink, onAttempt, ct),
                        () => { slotSink.OnReset(); onReask(); runner.Counters.Reasked(); },
                        Stop).ConfigureAwait(false);
                    last = structured.Last;
                    (prompt, completion) = (structured.PromptTokens, structured.CompletionTokens);
                    if (!structured.Check.IsValid)
                    {
                        // Never valid: the slot fails with the errors, its last answer kept for inspection.
                        state = RowState.Failed;
                        error = structured.Error;
                        runner.Counters.GaveUp();
                    }
                }
                catch (Exception e) when (!runner.Abandons(e))
                {
                    // A re-ask failed: the answer got so far is kept, with why it is not valid.
                    state = RowState.Failed;
                    error = e.Message;
                }
            }

            var model = slots.ByModel ? slots.ModelOf(slot) : last.Origin?.Model ?? slots.ModelOf(slot);
            await runner.StoreSlotAsync(stored, new SlotAnswer(runner.Id, row.Index, slot, model, sample, state, last.Answer, last.Reasoning,
                prompt, completion, last.FinishReason, error is null ? null : $"row {row.Index}: {error}", last.Origin?.Endpoint,
                runner.SlotFingerprint(slots, request, slot), Cached: false, runner._time.GetUtcNow())).ConfigureAwait(false);
        }

        private Task FailAsync(int modelIndex, int sample, string error)
        {
            var slot = slots.Slot(modelIndex, sample);
            return runner.StoreSlotAsync(stored, new SlotAnswer(runner.Id, row.Index, slot, slots.ModelOf(slot), sample, RowState.Failed, null, null,
                null, null, null, $"row {row.Index}: {error}", null, runner.SlotFingerprint(slots, request, slot), Cached: false, runner._time.GetUtcNow()));
        }
    }
}
