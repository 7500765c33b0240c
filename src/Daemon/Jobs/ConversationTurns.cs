using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// A multi-turn job's row (<see cref="JobSpec.Turns"/>): the assistant answers, the user simulator writes the user's next
/// message, and so on until the last assistant turn. Each turn is a request of its own through the job's retrying pool
/// (the simulator's through its own, or the same), looked up in and stored to the response cache under its own
/// fingerprint, and checkpointed in the ledger before the next leaves, so a resumed row goes on at its next turn.
/// </summary>
/// <remarks>
/// The row's result is its last assistant turn (answer, reasoning, finish reason, model, endpoint) with the tokens and
/// attempts of all its turns, the simulator's included. A failed turn fails the row naming the turn; the conversation up to
/// it stays in the row's question, and <c>retryFailed</c> goes on from there.
/// </remarks>
internal sealed class ConversationTurns(JobSpec spec, JobLedger ledger, ResilientChat assistant, ResilientChat user, TimeProvider time, string jobId)
{
    private readonly string _assistantModel = spec.FingerprintModel();
    private readonly string _userModel = spec.UserSimulatorFingerprintModel();

    /// <summary>
    /// Runs the row's remaining turns. Throws what abandons the row (cancellation, a refused key or spent quota: the caller
    /// puts it back to pending, its checkpoints kept) or a ledger failure; any other failure is the row's failed result.
    /// </summary>
    public async Task<RowResult> RunAsync(WorkRow row, IChatDeltaSink sink, Action onAttempt, Func<int> attempts, long started, CancellationToken cancellationToken)
    {
        var conversation = TurnConversation.Of(row);
        var turnsDone = row.TurnsDone;
        var prompt = row.PromptTokens;
        var completion = row.CompletionTokens;
        var allCached = row.TurnsDone == 0 || row.Cached;
        while (true)
        {
            var assistantTurn = conversation.EndsWithUser;
            var turn = assistantTurn ? turnsDone + 1 : turnsDone;
            Answer answer;
            try
            {
                if (assistantTurn)
                {
                    if (turn > 1)
                    {
                        sink.OnReset(); // a client watching the row's tokens sees each assistant turn from its start
                    }

                    answer = await AskAsync(assistant, _assistantModel, spec.RowRequest(conversation.Json(), conversation: true), sink, onAttempt, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var request = UserSimulatorRequest.Build(conversation.Messages, spec.UserSimulator?.SystemPrompt, spec.Temperature, spec.MaxTokens);
                    answer = await AskAsync(user, _userModel, request, NoDeltaSink.Instance, onAttempt, cancellationToken).ConfigureAwait(false);
                    if (string.IsNullOrWhiteSpace(answer.Chat.Answer))
                    {
                        throw new InvalidOperationException("the user simulator's reply was empty");
                    }
                }
            }
            catch (Exception e) when (!Abandons(e, cancellationToken))
            {
                var who = assistantTurn ? "assistant" : "user simulator";
                return new RowResult(jobId, row.Index, RowState.Failed, attempts(), null, null, prompt, completion, null,
                    $"row {row.Index}: turn {(assistantTurn ? turn : turn + 1)} of {spec.Turns} ({who}): {e.Message}",
                    time.GetUtcNow(), (long)time.GetElapsedTime(started).TotalMilliseconds);
            }

            prompt = Sum(prompt, answer.Chat.PromptTokens);
            completion = Sum(completion, answer.Chat.CompletionTokens);
            allCached &= answer.Cached;
            if (assistantTurn)
            {
                turnsDone = turn;
                var chat = answer.Chat;
                if (turnsDone >= spec.Turns)
                {
                    return new RowResult(jobId, row.Index, RowState.Done, attempts(), chat.Answer, chat.Reasoning, prompt, completion,
                        chat.FinishReason, null, time.GetUtcNow(), (long)time.GetElapsedTime(started).TotalMilliseconds,
                        chat.Origin?.Model, chat.Origin?.Endpoint, allCached);
                }

                conversation.Add(new ChatMessage(ChatRole.Assistant, chat.Answer), chat.Origin?.Model);
            }
            else
            {
                conversation.Add(new ChatMessage(ChatRole.User, answer.Chat.Answer.Trim()), null);
            }

            // Durable before the next turn is asked: a daemon killed after this point never pays for this turn again.
            await ledger.CheckpointTurnAsync(jobId, row.Index, conversation.Json(), turnsDone, prompt, completion, attempts(), allCached).ConfigureAwait(false);
        }
    }

    /// <summary>One turn: from the response cache when asked before (unless the job says not to), else through the chat, then remembered.</summary>
    private async Task<Answer> AskAsync(ResilientChat chat, string model, ChatRequest request, IChatDeltaSink sink, Action onAttempt, CancellationToken cancellationToken)
    {
        var fingerprint = RequestFingerprint.Compute(model, request);
        if (!spec.DisableCache && ledger.Reader.LookupResponses([fingerprint]).TryGetValue(fingerprint, out var hit))
        {
            var origin = hit.Model is { } m ? new AnswerOrigin(m, hit.Endpoint ?? string.Empty) : null;
            return new Answer(new ChatAnswer(hit.Answer, hit.Reasoning, hit.FinishReason, hit.PromptTokens, hit.CompletionTokens, origin), Cached: true);
        }

        var answer = await chat.CompleteAsync(request, sink, onAttempt, cancellationToken).ConfigureAwait(false);
        // Remembered at once, like a one-turn row's answer: a re-run of the job (or another asking the same) pays for no turn again.
        await ledger.RememberAsync(fingerprint, new CachedResponse(answer.Answer, answer.Reasoning, answer.PromptTokens, answer.CompletionTokens,
            answer.FinishReason, answer.Origin?.Model, answer.Origin?.Endpoint), model, time.GetUtcNow()).ConfigureAwait(false);
        return new Answer(answer, Cached: false);
    }

    // What puts the row back to pending instead of failing it (JobRunner.ProcessAsync handles these as for one-turn rows).
    private static bool Abandons(Exception e, CancellationToken cancellationToken) =>
        (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
        || e is ProviderException { Fault: ProviderFault.KeyRefused or ProviderFault.QuotaSpent };

    private static int? Sum(int? total, int? add) => total is null && add is null ? null : (total ?? 0) + (add ?? 0);

    private sealed record Answer(ChatAnswer Chat, bool Cached);
}
