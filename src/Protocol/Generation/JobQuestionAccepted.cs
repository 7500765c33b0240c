namespace BatchAi.Protocol.Generation;

/// <summary>Payload of <c>job/questionAccepted</c>: a generate job accepted a question (stored in the ledger before this is sent).</summary>
/// <param name="JobId">The generate job.</param>
/// <param name="Index">The question's 0-based position in the set.</param>
/// <param name="Question">The question, cleaned.</param>
public sealed record JobQuestionAccepted(string JobId, long Index, string Question);
