using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchAi.Daemon.Rpc.Transport;

/// <summary>The wire's JSON conventions, shared by the daemon and .NET clients so both sides agree.</summary>
internal static class RpcJson
{
    /// <summary>camelCase names, enums as camelCase strings, nulls left out. A new instance each call: options freeze on first use.</summary>
    public static JsonSerializerOptions CreateOptions() => new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
