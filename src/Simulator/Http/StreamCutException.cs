namespace BatchAi.Simulator.Http;

/// <summary>
/// Thrown after part of an answer is written, to end the request without a proper end of body.
/// Kestrel then sends what is already written and closes the connection; HttpContext.Abort would reset it
/// and could drop those bytes, so the client would not reliably see the partial answer.
/// </summary>
internal sealed class StreamCutException() : Exception("Simulated stream cut.");
