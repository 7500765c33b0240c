using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol;
using StreamJsonRpc;

namespace BatchAi.Daemon.Rpc;

/// <summary>Turns the daemon's own exceptions into JSON-RPC errors with a code from <see cref="ErrorCodes"/> and data naming the file, row or field.</summary>
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
        JobException j => new LocalRpcException(j.Message) { ErrorCode = j.Code, ErrorData = j.Where },
        DatasetException d => new LocalRpcException(d.Message) { ErrorCode = d.Code, ErrorData = new ErrorData(File: d.File, Row: d.Row, Field: d.Field) },
        OperationCanceledException => new LocalRpcException("The request was cancelled.") { ErrorCode = ErrorCodes.InternalError },
        _ => Unexpected(e, log),
    };

    private static LocalRpcException Unexpected(Exception e, Action<string> log)
    {
        log($"rpc: unexpected error: {e}");
        return new LocalRpcException($"Internal error: {e.Message}") { ErrorCode = ErrorCodes.InternalError };
    }
}
