using System.IO.Pipes;
using System.Text.Json;
using System.Text.Json.Serialization;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using NonConcurrentSynchronizationContext = Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext;
using StreamJsonRpc;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>
/// A JSON-RPC client built only from public pieces (StreamJsonRpc's own LSP framing and System.Text.Json with the protocol's camelCase
/// conventions), not the daemon's internal transport: it checks that the daemon speaks the documented wire format to a third-party client.
/// Notifications are handled one at a time, in arrival order.
/// </summary>
internal sealed class RpcClient : IAsyncDisposable
{
    private readonly JsonRpc _rpc;
    private readonly IAsyncDisposable? _owned;

    private RpcClient(Stream sending, Stream receiving, IAsyncDisposable? owned)
    {
        _owned = owned;
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = JsonOptions() };
        _rpc = new JsonRpc(new HeaderDelimitedMessageHandler(sending, receiving, formatter))
        {
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        _rpc.AddLocalRpcTarget(Notifications, new JsonRpcTargetOptions { UseSingleObjectParameterDeserialization = true });
        _rpc.StartListening();
    }

    public NotificationCollector Notifications { get; } = new();

    /// <summary>Completes when the connection ends; faults if the client saw something it could not read as a frame.</summary>
    public Task Completion => _rpc.Completion;

    public static RpcClient OverStreams(Stream sending, Stream receiving) => new(sending, receiving, owned: null);

    /// <summary>Connects to a daemon's pipe the way .NET maps pipe names on this OS, waiting for it to appear.</summary>
    public static async Task<RpcClient> ConnectPipeAsync(string name, CancellationToken cancellationToken)
    {
        var pipe = new NamedPipeClientStream(".", name, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            await pipe.ConnectAsync(cancellationToken);
        }
        catch
        {
            await pipe.DisposeAsync();
            throw;
        }

        return new RpcClient(pipe, pipe, pipe);
    }

    public static JsonSerializerOptions JsonOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Task<T> CallAsync<T>(string method, object? parameters, CancellationToken cancellationToken) =>
        _rpc.InvokeWithParameterObjectAsync<T>(method, parameters, cancellationToken);

    public Task<InitializeResult> InitializeAsync(CancellationToken cancellationToken) =>
        CallAsync<InitializeResult>(Methods.Initialize, new InitializeParams(ClientName: "batchai-e2e"), cancellationToken);

    public Task<JobInfo> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        CallAsync<JobInfo>(Methods.GetJob, new JobIdParams(jobId), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _rpc.Dispose();
        try
        {
            await _rpc.Completion;
        }
        catch (Exception)
        {
            // A connection that ended badly is the test's business (it awaits Completion when it cares).
        }

        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
