namespace BatchAi.Daemon.Ingest;

/// <summary>The protocol's dataset error codes; to be replaced by <c>BatchAi.Protocol.ErrorCodes</c> once the protocol defines them.</summary>
internal static class DatasetErrorCodes
{
    public const int InputNotFound = BatchAi.Protocol.ErrorCodes.InputNotFound;
    public const int UnsupportedFormat = BatchAi.Protocol.ErrorCodes.UnsupportedFormat;
    public const int InvalidInput = BatchAi.Protocol.ErrorCodes.InvalidInput;
    public const int ColumnNotFound = BatchAi.Protocol.ErrorCodes.ColumnNotFound;
}
