namespace BatchAi.Daemon.Providers;

/// <summary>For requests whose text nobody watches stream (a prompt rewrite, a batch of generated questions, an estimate's pilot).</summary>
internal sealed class NoDeltaSink : IChatDeltaSink
{
    public static readonly NoDeltaSink Instance = new();

    public void OnDelta(string text, bool reasoning)
    {
    }

    public void OnReset()
    {
    }
}
