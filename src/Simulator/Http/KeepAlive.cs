using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Http;

/// <summary>
/// DeepSeek under load holds a request open before its first token and fills the wait: <c>: keep-alive</c> SSE comments when
/// streaming, empty lines before the JSON body otherwise. The headers (200) go out at once, so a client that waits for
/// headers sees a live request, and one that waits for content sees nothing but these.
/// </summary>
internal static class KeepAlive
{
    public static async Task FillWaitAsync(HttpResponse response, Pacer pacer, TimeSpan interval, bool stream, SimulatorStats stats, TimeProvider time, CancellationToken cancellationToken)
    {
        var line = stream ? ": keep-alive\n\n"u8.ToArray() : "\n"u8.ToArray();
        // Kestrel's StartAsync only queues the headers; the flush sends them.
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (pacer.Remaining(0) is var left && left > TimeSpan.Zero)
        {
            await Task.Delay(left < interval ? left : interval, time, cancellationToken).ConfigureAwait(false);
            if (pacer.Remaining(0) > TimeSpan.Zero)
            {
                await response.Body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                stats.RecordKeepAlive();
            }
        }
    }
}
