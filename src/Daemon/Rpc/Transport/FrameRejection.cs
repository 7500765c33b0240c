using System.Text.Json;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>Why a frame's body was refused, as the JSON-RPC error to send back.</summary>
internal readonly record struct FrameRejection(JsonRpcErrorCode Code, string Message, RequestId Id)
{
    // Lenient on purpose: anything the formatter might accept must parse here too, so a formatter failure on parsable text is reported as -32600, never -32700.
    private static readonly JsonDocumentOptions LenientDocument = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static FrameRejection ParseError(string what) => new(JsonRpcErrorCode.ParseError, "Parse error: " + what, RequestId.Null);

    public static FrameRejection InvalidRequest(string what, RequestId id) => new(JsonRpcErrorCode.InvalidRequest, "Invalid Request: " + what, id);

    /// <summary>
    /// Classifies a body the formatter refused. Only runs on the failure path, so valid traffic is parsed once.
    /// Text that is not JSON is -32700; JSON that is not a JSON-RPC message is -32600 carrying the id when one could be read.
    /// </summary>
    public static FrameRejection Classify(ReadOnlyMemory<byte> body, Exception formatterError)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body, LenientDocument);
            return InvalidRequest(Describe(formatterError), ReadId(document.RootElement));
        }
        catch (JsonException parseError)
        {
            // The reader's message names the offending byte, e.g. "... LineNumber: 0 | BytePositionInLine: 1."
            return ParseError(parseError.Message);
        }
    }

    public static RequestId ReadId(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out JsonElement id))
        {
            return RequestId.Null;
        }

        return id.ValueKind switch
        {
            JsonValueKind.String => new RequestId(id.GetString()),
            JsonValueKind.Number when id.TryGetInt64(out long number) => new RequestId(number),
            _ => RequestId.Null,
        };
    }

    // The formatter wraps some failures; the innermost message says what was actually wrong.
    private static string Describe(Exception error) => error.GetBaseException().Message;
}
