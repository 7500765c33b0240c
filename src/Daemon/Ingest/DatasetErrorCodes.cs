namespace BatchAi.Daemon.Ingest;

/// <summary>The protocol's dataset error codes; to be replaced by <c>BatchAi.Protocol.ErrorCodes</c> once the protocol defines them.</summary>
internal static class DatasetErrorCodes
{
    public const int InputNotFound = -32010;
    public const int UnsupportedFormat = -32011;
    public const int InvalidInput = -32012;
    public const int ColumnNotFound = -32013;
}
