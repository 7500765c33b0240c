namespace BatchAi.Simulator.Http;

/// <summary>How an answer that has started ends.</summary>
internal enum AnswerEnding
{
    /// <summary>Whole, through <c>[DONE]</c> or the last byte of the body.</summary>
    Whole,

    /// <summary>About half of it, then the connection closes (<see cref="StreamCutException"/>).</summary>
    Cut,

    /// <summary>A few chunks, then silence with the connection open until the client hangs up.</summary>
    Drip,
}
