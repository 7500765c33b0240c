namespace BatchAi.Daemon.Common;

/// <summary>
/// A request that cannot be carried out, for the caller to fix: any stage, feature or Jobs may throw it. It knows nothing of
/// the wire; Rpc/RpcErrors turns its <see cref="Reason"/> into the protocol's error code and <see cref="Where"/> into its data.
/// </summary>
internal sealed class RequestRefusedException(RefusalReason reason, string message, RefusedAt? where = null) : Exception(message)
{
    public RefusalReason Reason { get; } = reason;

    public RefusedAt? Where { get; } = where;
}
