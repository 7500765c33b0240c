namespace BatchAi.Protocol;

/// <summary>
/// The result of the method whose name this constant is. A method without it answers an empty object, <c>{}</c>.
/// Read by the schema snapshot (protocol.json), from which clients' types are generated.
/// </summary>
/// <param name="type">The record the method answers with.</param>
[AttributeUsage(AttributeTargets.Field)]
public sealed class RpcResultAttribute(Type type) : Attribute
{
    /// <summary>The record the method answers with.</summary>
    public Type Type { get; } = type;
}
