using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary>The one place a key named by <c>apiKeyEnv</c> is read, for a job's endpoints and for optimizePrompt alike.</summary>
internal static class KeyVariable
{
    /// <summary>The variable's value; a variable not set is the caller's error naming <paramref name="field"/>.</summary>
    public static string Read(Func<string, string?> environment, string variable, string field, string? jobId = null) =>
        environment(variable) is { Length: > 0 } value
            ? value
            : throw new RequestRefusedException(RefusalReason.ProviderConfig,
                $"The environment variable {variable} ({field}) is not set in the daemon's environment.",
                new RefusedAt(Field: field, JobId: jobId));
}
