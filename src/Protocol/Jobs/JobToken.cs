namespace BatchAi.Protocol.Jobs;

/// <summary>Payload of <c>job/token</c>: answer text of one row as it streams, several deltas coalesced.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Row">The row's 0-based index in the input.</param>
/// <param name="Text">Text to append to what arrived before for this row.</param>
/// <param name="Reasoning"><c>true</c> when the text is the model's reasoning (<c>reasoning_content</c>), not its answer.</param>
/// <param name="Reset"><c>true</c> when an attempt failed and is being retried: drop the text received so far for this row, then append <paramref name="Text"/>.</param>
public sealed record JobToken(string JobId, long Row, string Text, bool Reasoning = false, bool Reset = false);
