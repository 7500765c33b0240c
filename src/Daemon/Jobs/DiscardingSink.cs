using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Jobs;

/// <summary>For answers nobody watches stream (an estimate's pilot): only the complete answer matters.</summary>
internal sealed class DiscardingSink : IChatDeltaSink
{
    public static DiscardingSink Instance { get; } = new();

    public void OnDelta(string text, bool reasoning)
    {
    }

    public void OnReset()
    {
    }
}
