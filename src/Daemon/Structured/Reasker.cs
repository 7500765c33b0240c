using System.Text;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Structured;

/// <summary>
/// Asks for a structured answer, validates it, and asks again with the validation errors until it matches the schema or
/// <c>maxReasks</c> re-asks are spent. Each re-ask is a request of its own (the question, the invalid answer, the errors),
/// sent through the same retries and pool as the first, so it has its own fingerprint and its tokens are the row's.
/// </summary>
/// <remarks>
/// A re-ask carries the last exchange only, not every earlier one: the request stays the size of two answers, and the
/// model sees its latest attempt, which is what the errors are about.
/// </remarks>
internal static class Reasker
{
    public const int DefaultMaxReasks = 2;

    /// <param name="send">Sends one request (with the caller's retries, sink and attempt counter).</param>
    /// <param name="onReask">Told before each re-ask leaves, so a client can reset the row's streamed text and count it.</param>
    public static async Task<StructuredAnswer> AskAsync(
        ChatRequest request,
        AnswerSchema schema,
        int maxReasks,
        Func<ChatRequest, CancellationToken, Task<ChatAnswer>> send,
        Action? onReask,
        CancellationToken cancellationToken)
    {
        var answer = await send(request, cancellationToken).ConfigureAwait(false);
        return await ContinueAsync(request, answer, schema, maxReasks, send, onReask, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates an answer already got for <paramref name="request"/> (one choice of a request with several) and re-asks as
    /// <see cref="AskAsync"/> does; <paramref name="request"/> is the one answer's request, which each re-ask follows up.
    /// </summary>
    public static async Task<StructuredAnswer> ContinueAsync(
        ChatRequest request,
        ChatAnswer first,
        AnswerSchema schema,
        int maxReasks,
        Func<ChatRequest, CancellationToken, Task<ChatAnswer>> send,
        Action? onReask,
        CancellationToken cancellationToken)
    {
        var answer = first;
        int? prompt = answer.PromptTokens, completion = answer.CompletionTokens;
        for (var reasks = 0; ; reasks++)
        {
            var check = schema.Check(answer.Answer);
            if (check.IsValid || reasks >= maxReasks)
            {
                return new StructuredAnswer(answer, reasks, prompt, completion, check);
            }

            onReask?.Invoke();
            answer = await send(FollowUp(request, answer.Answer, check), cancellationToken).ConfigureAwait(false);
            prompt = Add(prompt, answer.PromptTokens);
            completion = Add(completion, answer.CompletionTokens);
        }
    }

    /// <summary>The re-ask: the first request, the answer that failed, and a user message naming its errors.</summary>
    public static ChatRequest FollowUp(ChatRequest request, string invalidAnswer, SchemaCheck check)
    {
        var text = new StringBuilder("Your answer does not match the required JSON Schema:\n");
        foreach (var error in check.Errors)
        {
            text.Append("- ").Append(error).Append('\n');
        }

        text.Append("Answer again with the corrected JSON object only.");
        return request with
        {
            Messages = [.. request.Messages, new ChatMessage(ChatRole.Assistant, invalidAnswer), new ChatMessage(ChatRole.User, text.ToString())],
        };
    }

    private static int? Add(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
