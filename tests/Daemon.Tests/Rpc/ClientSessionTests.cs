using BatchAi.Daemon.Rpc;
using BatchAi.Daemon.Rpc.Transport;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Jobs;
using Nerdbank.Streams;

namespace BatchAi.Daemon.Tests.Rpc;

public sealed class ClientSessionTests
{
    [Fact]
    public async Task DisposeAsync_TransportClosedUnderANotification_EndsQuietly()
    {
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = new ClientSession(TimeProvider.System, TimeSpan.FromMilliseconds(1), message =>
        {
            if (message.Contains("connection lost", StringComparison.Ordinal))
            {
                lost.TrySetResult();
            }
        });
        var (input, client) = FullDuplexStream.CreatePair();
        using var rpc = RpcConnectionFactory.Create(input, new CompletedWriterStream(), target: null);
        session.Attach(rpc);
        rpc.StartListening();

        session.OnStateChanged(new JobStateChanged("job", JobState.Paused, JobState.Running));
        await lost.Task.WaitAsync(Timeouts.Token());

        await session.DisposeAsync().AsTask().WaitAsync(Timeouts.Token());
        await client.DisposeAsync();
    }

    // A transport closed under the session as when a client leaves mid-job (a FullDuplexStream whose pipe writer was
    // completed): the next write says so with an InvalidOperationException, not an IOException.
    private sealed class CompletedWriterStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw Completed();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw Completed();

        private static InvalidOperationException Completed() => new("Writing is not allowed after writer was completed.");
    }
}
