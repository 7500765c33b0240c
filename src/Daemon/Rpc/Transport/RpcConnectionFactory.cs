using StreamJsonRpc;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// Builds the one JSON-RPC connection shape this project uses, for the daemon (with a target) and for .NET clients such as the CLI and tests (target null).
/// The returned <see cref="JsonRpc"/> is not listening yet: add event handlers or more targets, then call <see cref="JsonRpc.StartListening"/>.
/// </summary>
/// <remarks>
/// Method names: each public method of the target is exposed camelCased, and StreamJsonRpc also exposes a name ending in "Async" without that suffix,
/// so <c>StartJobAsync(StartJobParams p)</c> answers "startJob" without any attribute (pinned by a test). Each method takes one parameter object;
/// clients call it with <see cref="JsonRpc.InvokeWithParameterObjectAsync{TResult}(string, object?, CancellationToken)"/> and notify with
/// <see cref="JsonRpc.NotifyWithParameterObjectAsync(string, object?)"/>, so JavaScript peers see a single params object.
/// </remarks>
internal static class RpcConnectionFactory
{
    public static JsonRpc Create(Stream duplex, object? target, FramedMessageHandlerOptions? options = null) =>
        Create(duplex, duplex, target, options);

    public static JsonRpc Create(Stream input, Stream output, object? target, FramedMessageHandlerOptions? options = null)
    {
        // Without these options SystemTextJsonFormatter writes PascalCase property names.
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = RpcJson.CreateOptions() };
        var rpc = new ParamsAwareJsonRpc(new FramedMessageHandler(input, output, formatter, options))
        {
            // Requests start in the order they arrive (each runs until its first await before the next starts),
            // so a client that sends pauseJob then resumeJob gets them in that order. The default thread pool does not promise it.
            SynchronizationContext = new Microsoft.VisualStudio.Threading.NonConcurrentSynchronizationContext(sticky: false),
        };
        if (target is not null)
        {
            rpc.AddLocalRpcTarget(target, new JsonRpcTargetOptions
            {
                MethodNameTransform = CommonMethodNameTransforms.CamelCase,
                UseSingleObjectParameterDeserialization = true,
            });
        }

        return rpc;
    }
}
