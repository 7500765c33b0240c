using System.ClientModel.Primitives;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// A step in the SDK's HTTP pipeline that hands every response's <c>x-ratelimit-*</c> headers to the
/// endpoint, successes and errors alike, so limits are learned without being configured.
/// </summary>
internal sealed class RateLimitObserver(Action<RateLimitSnapshot> observe, TimeProvider time) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        Observe(message);
    }

    private void Observe(PipelineMessage message)
    {
        var headers = message.Response?.Headers;
        if (headers is null)
        {
            return;
        }

        if (RateLimitSnapshot.Parse(name => headers.TryGetValue(name, out var value) ? value : null, time.GetUtcNow()) is { } snapshot)
        {
            observe(snapshot);
        }
    }
}
