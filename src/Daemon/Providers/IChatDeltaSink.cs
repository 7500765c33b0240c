namespace BatchAi.Daemon.Providers;

/// <summary>Receives an answer's text as it streams.</summary>
internal interface IChatDeltaSink
{
    void OnDelta(string text, bool reasoning);

    /// <summary>The attempt failed and will be retried: what streamed so far is void.</summary>
    void OnReset();
}
