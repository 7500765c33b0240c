using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>A provider whose every attempt is what the script says for its call number (1, 2, ...); changeable while in use.</summary>
internal sealed class ScriptedProvider(string name, Func<int, Task<ChatAnswer>> script) : IChatProvider
{
    private int _calls;

    public static readonly ChatAnswer Ok = new("ok", null, "stop", 1, 1, FirstToken: TimeSpan.FromMilliseconds(100));

    public Func<int, Task<ChatAnswer>> Script { get; set; } = script;

    public string Endpoint => name;

    public int Calls => Volatile.Read(ref _calls);

    public static Task<ChatAnswer> Fail(int status, Pushback pushback = Pushback.None, TimeSpan? retryAfter = null) =>
        Task.FromException<ChatAnswer>(new ProviderException(ProviderFault.Transient, $"HTTP {status}", retryAfter, status: status, pushback: pushback));

    public Task<ChatAnswer> CompleteAsync(ChatRequest request, IChatDeltaSink sink, CancellationToken cancellationToken) =>
        Script(Interlocked.Increment(ref _calls));
}

/// <summary>A delta sink that drops everything.</summary>
internal sealed class DroppingSink : IChatDeltaSink
{
    public static readonly DroppingSink Instance = new();

    public void OnDelta(string text, bool reasoning)
    {
    }

    public void OnReset()
    {
    }
}
