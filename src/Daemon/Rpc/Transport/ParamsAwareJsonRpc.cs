using System.Text.Json;
using BatchAi.Protocol;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>
/// StreamJsonRpc's <see cref="JsonRpc"/>, except that a parameter of the wrong type (<c>{"jobId": 5}</c>, params as an array)
/// is answered with JSON-RPC's -32602 naming the field, as the protocol promises. StreamJsonRpc reports that failure as -32000 with
/// the serializer's exception and stack trace in <c>data</c>: a non-standard code, and our internals on the wire.
/// </summary>
internal sealed class ParamsAwareJsonRpc(IJsonRpcMessageHandler handler) : JsonRpc(handler)
{
    protected override JsonRpcError.ErrorDetail CreateErrorDetails(JsonRpcRequest request, Exception exception)
    {
        // Our methods turn every exception of their own into a LocalRpcException (RpcErrors), so a JsonException here can only
        // come from binding the request's params to the method's parameter object.
        if (exception is not JsonException binding)
        {
            return base.CreateErrorDetails(request, exception);
        }

        string field = FieldOf(binding.Path);
        string message = field == "params"
            ? $"Invalid params: {request.Method} takes one parameter object, e.g. {{ \"jobId\": \"...\" }}."
            : $"Invalid params: {field} has the wrong type{(binding.InnerException is { } inner ? $" ({inner.Message})" : "")}.";
        return new JsonRpcError.ErrorDetail
        {
            Code = JsonRpcErrorCode.InvalidParams,
            Message = message,
            Data = new ErrorData(Field: field),
        };
    }

    // "$.provider.baseUrl" → "provider.baseUrl"; "$" or "$[0]" (the params themselves) → "params".
    private static string FieldOf(string? path) =>
        path is { Length: > 2 } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "params";
}
