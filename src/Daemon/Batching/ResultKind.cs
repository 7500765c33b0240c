namespace BatchAi.Daemon.Batching;

/// <summary>What a result line says about its row.</summary>
internal enum ResultKind
{
    /// <summary>A chat completion: the row is answered.</summary>
    Answered,

    /// <summary>Refused for good (a 400, say): asking again would get the same; the row fails with the provider's message.</summary>
    Refused,

    /// <summary>Failed for a passing reason (429, 5xx) or never run (the batch expired or was cancelled): the row goes out again.</summary>
    Retry,

    /// <summary>Not a result line at all (not JSON, no custom_id, no response nor error): reported, nothing stored.</summary>
    Malformed,
}
