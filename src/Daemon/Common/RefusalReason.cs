namespace BatchAi.Daemon.Common;

/// <summary>Why a request is refused. Rpc/RpcErrors maps each to the protocol's error code, in one place.</summary>
internal enum RefusalReason
{
    /// <summary>A field of the request is missing, of the wrong form or out of range.</summary>
    InvalidField,

    /// <summary>The job named does not exist.</summary>
    NotFound,

    /// <summary>The job is not in a state that allows the request.</summary>
    InvalidState,

    /// <summary>The provider's configuration is unusable (a key variable not set, a refused key).</summary>
    ProviderConfig,

    /// <summary>The daemon is shutting down and takes no new work.</summary>
    ShuttingDown,

    /// <summary>A file the request names cannot be read as it should (a price table).</summary>
    InvalidInput,

    /// <summary>The output cannot be written.</summary>
    OutputError,

    /// <summary>The provider failed the request for a reason that is not its configuration.</summary>
    ProviderFailed,
}
