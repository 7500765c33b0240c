using System.Globalization;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Hosting;

/// <summary>
/// Daemon-wide settings from environment variables, for operators and tests that need another retry
/// policy than the default (documented in the README). Bad values are refused by name, not ignored.
/// </summary>
internal static class DaemonEnvironment
{
    public const string MaxRetries = "BATCHAI_MAX_RETRIES";
    public const string RetryDelayMs = "BATCHAI_RETRY_DELAY_MS";
    public const string AttemptTimeoutMs = "BATCHAI_ATTEMPT_TIMEOUT_MS";
    public const string FirstTokenTimeoutMs = "BATCHAI_FIRST_TOKEN_TIMEOUT_MS";
    public const string ResumeInterrupted = "BATCHAI_RESUME_INTERRUPTED";
    public const string LedgerBusyTimeoutMs = "BATCHAI_LEDGER_BUSY_TIMEOUT_MS";

    public static DaemonSettings Apply(DaemonSettings settings, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var retry = settings.Retry;
        if (Number(environment, MaxRetries, 0, 100) is { } retries)
        {
            retry = retry with { MaxRetries = (int)retries };
        }

        if (Number(environment, RetryDelayMs, 1, 600_000) is { } delay)
        {
            retry = retry with { BaseDelay = TimeSpan.FromMilliseconds(delay) };
        }

        if (Number(environment, AttemptTimeoutMs, 100, 3_600_000) is { } attempt)
        {
            retry = retry with { AttemptTimeout = TimeSpan.FromMilliseconds(attempt) };
        }

        if (Number(environment, FirstTokenTimeoutMs, 100, 3_600_000) is { } firstToken)
        {
            retry = retry with { FirstTokenTimeout = TimeSpan.FromMilliseconds(firstToken) };
        }

        if (Number(environment, LedgerBusyTimeoutMs, 1000, 600_000) is { } busy)
        {
            settings = settings with { LedgerBusyTimeout = TimeSpan.FromMilliseconds(busy) };
        }

        var resume = environment(ResumeInterrupted) is { Length: > 0 } flag && flag is not ("0" or "false" or "no");
        return settings with { Retry = retry, ResumeInterrupted = settings.ResumeInterrupted || resume };
    }

    private static long? Number(Func<string, string?> environment, string name, long min, long max)
    {
        var text = environment(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max} (got '{text}').");
    }
}
