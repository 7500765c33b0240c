namespace BatchAi.Daemon.Rpc;

/// <summary>What <c>initialize</c> tells a client about this daemon.</summary>
internal sealed record DaemonInfo(string Version, string DataDirectory, IReadOnlyList<string> InputFormats, IReadOnlyList<string> Notices);
