namespace BatchAi.Daemon.Cli;

/// <summary>A call the daemon refused, as <c>--json</c> prints it: <c>{"code", "message"}</c>.</summary>
internal sealed record CliError(int Code, string Message);
