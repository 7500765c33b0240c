namespace BatchAi.Protocol;

/// <summary>
/// Every error code the daemon returns, in one place. The JSON-RPC error's <c>data</c> is an
/// <see cref="ErrorData"/> naming the file, row or field at fault. The daemon's own codes are
/// positive: JSON-RPC reserves -32768..-32000, and libraries (StreamJsonRpc among them) give
/// meanings of their own to codes in -32099..-32000.
/// </summary>
public static class ErrorCodes
{
    /// <summary>The frame's body is not valid JSON (JSON-RPC standard).</summary>
    public const int ParseError = -32700;

    /// <summary>Valid JSON that is not a JSON-RPC request (JSON-RPC standard).</summary>
    public const int InvalidRequest = -32600;

    /// <summary>No such method (JSON-RPC standard).</summary>
    public const int MethodNotFound = -32601;

    /// <summary>A parameter is missing, of the wrong type or out of range; <c>data.field</c> names it (JSON-RPC standard).</summary>
    public const int InvalidParams = -32602;

    /// <summary>An unexpected failure inside the daemon (JSON-RPC standard).</summary>
    public const int InternalError = -32603;

    /// <summary>No job has that id in this daemon's data directory.</summary>
    public const int JobNotFound = 1001;

    /// <summary>The job is not in a state that allows the request (e.g. resuming a completed job).</summary>
    public const int InvalidJobState = 1002;

    /// <summary>The provider configuration is unusable (no model, a bad base URL, a key variable that is not set).</summary>
    public const int ProviderConfig = 1003;

    /// <summary>The daemon is shutting down and takes no new work.</summary>
    public const int ShuttingDown = 1004;

    /// <summary>The input file does not exist; <c>data.file</c> names it.</summary>
    public const int InputNotFound = 1010;

    /// <summary>The file's extension is not one the daemon reads; the message lists those it does.</summary>
    public const int UnsupportedFormat = 1011;

    /// <summary>The file or one of its rows cannot be read; <c>data.file</c> and <c>data.row</c> say where.</summary>
    public const int InvalidInput = 1012;

    /// <summary>The column asked for is not in the file; the message lists the columns there are.</summary>
    public const int ColumnNotFound = 1013;

    /// <summary>The output file cannot be written; <c>data.file</c> names it.</summary>
    public const int OutputError = 1014;
}
