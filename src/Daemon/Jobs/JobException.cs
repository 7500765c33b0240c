using BatchAi.Protocol;

namespace BatchAi.Daemon.Jobs;

/// <summary>A request about a job that cannot be carried out; <see cref="Code"/> is one of <see cref="ErrorCodes"/>.</summary>
internal sealed class JobException(int code, string message, ErrorData? data = null) : Exception(message)
{
    public int Code { get; } = code;

    public ErrorData? Where { get; } = data;
}
