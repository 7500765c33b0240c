using System.IO.Pipes;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>A byte-level connection to a daemon's pipe, for sending what a well-behaved library never would.</summary>
internal sealed class RawPipe : IAsyncDisposable
{
    private RawPipe(NamedPipeClientStream stream)
    {
        Stream = stream;
        Client = new RawFrameClient(stream, stream);
    }

    public NamedPipeClientStream Stream { get; }

    public RawFrameClient Client { get; }

    public static async Task<RawPipe> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var stream = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await stream.ConnectAsync(cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }

        return new RawPipe(stream);
    }

    /// <summary>Reads frames until the daemon closes the connection; returns the responses it sent before that.</summary>
    public async Task<List<System.Text.Json.JsonElement>> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var responses = new List<System.Text.Json.JsonElement>();
        while (true)
        {
            try
            {
                var frame = await Client.ReadFrameAsync(cancellationToken);
                if (frame.TryGetProperty("error", out _) || frame.TryGetProperty("result", out _))
                {
                    responses.Add(frame);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException)
            {
                return responses;
            }
        }
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
