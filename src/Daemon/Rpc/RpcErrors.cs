using BatchAi.Daemon.Common;
using BatchAi.Daemon.Ingest;
using BatchAi.Protocol;
using StreamJsonRpc;

namespace BatchAi.Daemon.Rpc;

/// <summary>
/// Turns the daemon's own exceptions into JSON-RPC errors with a code from <see cref="ErrorCodes"/> and data naming the file, row or
/// field: the one place where a <see cref="RefusalReason"/> becomes the protocol's code.
/// </summary>
internal static class RpcErrors
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> action, Action<string> log)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Translate(e, log);
        }
    }

    public static T Run<T>(Func<T> action, Action<string> log)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            throw Translate(e, log);
        }
    }

    private static Exception Translate(Exception e, Action<string> log) => e switch
    {
        LocalRpcException => e,
        RequestRefusedException r => new LocalRpcException(r.Message) { ErrorCode = CodeOf(r.Reason), ErrorData = DataOf(r.Where) },
        DatasetException d => new LocalRpcException(d.Message) { ErrorCode = d.Code, ErrorData = new ErrorData(File: d.File, Row: d.Row, Field: d.Field) },
        OperationCanceledException => new LocalRpcException("The request was cancelled.") { ErrorCode = ErrorCodes.InternalError },
        _ => Unexpected(e, log),
    };

    /// <summary>The protocol's error code for a refusal; clients (the Python and VS Code ones among them) act on these codes.</summary>
    public static int CodeOf(RefusalReason reason) => reason switch
    {
        RefusalReason.InvalidField => ErrorCodes.InvalidParams,
        RefusalReason.NotFound => ErrorCodes.JobNotFound,
        RefusalReason.InvalidState => ErrorCodes.InvalidJobState,
        RefusalReason.ProviderConfig => ErrorCodes.ProviderConfig,
        RefusalReason.ShuttingDown => ErrorCodes.ShuttingDown,
        RefusalReason.InvalidInput => ErrorCodes.InvalidInput,
        RefusalReason.OutputError => ErrorCodes.OutputError,
        RefusalReason.ProviderFailed => ErrorCodes.InternalError,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    private static ErrorData? DataOf(RefusedAt? where) => where is null ? null : new ErrorData(where.File, where.Row, where.Field, where.JobId);

    private static LocalRpcException Unexpected(Exception e, Action<string> log)
    {
        log($"rpc: unexpected error: {e}");
        return new LocalRpcException($"Internal error: {e.Message}") { ErrorCode = ErrorCodes.InternalError };
    }
}
