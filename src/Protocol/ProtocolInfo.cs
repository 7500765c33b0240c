namespace BatchAi.Protocol;

/// <summary>Facts about the protocol itself.</summary>
public static class ProtocolInfo
{
    /// <summary>The protocol version. Adding a field or a method does not change it; removing or changing one does.</summary>
    public const int Version = 1;
}
