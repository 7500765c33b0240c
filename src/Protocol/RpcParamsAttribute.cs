namespace BatchAi.Protocol;

/// <summary>
/// The parameter object of the method or notification whose name this constant is. A method without it takes no parameters.
/// Read by the schema snapshot (protocol.json), from which clients' types are generated.
/// </summary>
/// <param name="type">The record sent as <c>params</c>.</param>
[AttributeUsage(AttributeTargets.Field)]
public sealed class RpcParamsAttribute(Type type) : Attribute
{
    /// <summary>The record sent as <c>params</c>.</summary>
    public Type Type { get; } = type;
}
