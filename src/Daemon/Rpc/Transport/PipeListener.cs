using System.Collections.Concurrent;
using System.IO.Pipes;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// Serves any number of concurrent clients on one pipe name, running a callback per connection.
/// Cancelling the start token stops accepting and signals the callbacks; <see cref="DisposeAsync"/> also closes open connections, waits for the callbacks and releases the name.
/// </summary>
internal sealed class PipeListener : IAsyncDisposable
{
    private readonly string _name;
    private readonly FileStream _lock;
    private readonly Func<Stream, CancellationToken, Task> _onClient;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentDictionary<NamedPipeServerStream, Task> _clients = new();
    private int _disposed;

    private PipeListener(string name, FileStream lockFile, Func<Stream, CancellationToken, Task> onClient, Action<string>? log, CancellationToken cancellationToken)
    {
        _name = name;
        _lock = lockFile;
        _onClient = onClient;
        _log = log;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SocketPath = PipeNames.SocketPath(name);
        Completion = Task.CompletedTask;
    }

    public string SocketPath { get; }

    /// <summary>Completes when the accept loop ends (cancellation or disposal); faults if it could not go on creating pipe instances.</summary>
    public Task Completion { get; private set; }

    /// <summary>Takes the name's lock, clears a stale socket, binds, restricts the socket to this user and starts accepting.</summary>
    /// <exception cref="PipeInUseException">Another daemon serves this name; its socket was not touched.</exception>
    public static Task<PipeListener> StartAsync(string name, Func<Stream, CancellationToken, Task> onClient, CancellationToken cancellationToken, Action<string>? log = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        FileStream lockFile = PipeLock.Acquire(name);
        var listener = new PipeListener(name, lockFile, onClient, log, cancellationToken);
        try
        {
            // Holding the lock proves no live daemon owns this path, so whatever is there was left by one that was killed.
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(listener.SocketPath);
            }

            NamedPipeServerStream first = CreateInstance(name);
            RestrictToUser(listener.SocketPath);
            listener.Completion = listener.AcceptLoopAsync(first);
            return Task.FromResult(listener);
        }
        catch
        {
            lockFile.Dispose();
            listener._stop.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Closing the streams ends callbacks that do not watch the token (e.g. a JsonRpc waiting for input).
        foreach (NamedPipeServerStream stream in _clients.Keys)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_clients.Values).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(SocketPath);
        }

        await _lock.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static NamedPipeServerStream CreateInstance(string name) => new(
        name,
        PipeDirection.InOut,
        NamedPipeServerStream.MaxAllowedServerInstances,
        PipeTransmissionMode.Byte,
        PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);

    // CurrentUserOnly checks the peer's identity but leaves the socket file at the umask's mode (typically 0755), so narrow it ourselves.
    private static void RestrictToUser(string socketPath)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private async Task AcceptLoopAsync(NamedPipeServerStream first)
    {
        NamedPipeServerStream? pending = first;
        try
        {
            while (true)
            {
                try
                {
                    await pending.WaitForConnectionAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (IOException ex)
                {
                    // A client that went away during the handshake, or one rejected by CurrentUserOnly; the listener itself is fine.
                    _log?.Invoke($"Pipe '{_name}': a connection attempt failed: {ex.Message}");
                    await pending.DisposeAsync().ConfigureAwait(false);
                    pending = CreateInstance(_name);
                    continue;
                }

                // Handed over before the next instance is created, so a failure to create one cannot take this client down with it.
                // The client is only queued here, so the next instance still exists at once and the next client never waits.
                Serve(pending);
                pending = null;
                pending = CreateInstance(_name);
            }
        }
        catch (Exception ex)
        {
            _log?.Invoke($"Pipe '{_name}': stopped accepting: {ex}");
            throw;
        }
        finally
        {
            if (pending is not null)
            {
                await pending.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private void Serve(NamedPipeServerStream stream)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _clients[stream] = done.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await _onClient(stream, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                // One client's failure must not stop the listener or the other clients.
                _log?.Invoke($"Pipe '{_name}': client handler failed: {ex}");
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                _clients.TryRemove(stream, out _);
                done.SetResult();
            }
        });
    }
}
