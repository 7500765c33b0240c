namespace BatchAi.Simulator.Batches;

/// <summary>One entry of a failed batch's <c>errors.data</c>: OpenAI's <c>{code, message, param, line}</c>.</summary>
/// <param name="Line">The input file's line, counted from 1, when the error is about one line.</param>
internal sealed record BatchError(string Code, string Message, string? Param = null, int? Line = null);
