using System.Text.Json;
using BatchAi.Protocol;

namespace BatchAi.Daemon.Tests;

/// <summary>The shared snapshot (src/Protocol/protocol.json) that every client's tests also read: the constants cannot drift from it in silence.</summary>
public sealed class ProtocolContractTests
{
    [Fact]
    public void Snapshot_MatchesMethodAndNotificationConstants()
    {
        using var snapshot = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "protocol.json")));
        var root = snapshot.RootElement;

        Assert.Equal(ProtocolInfo.Version, root.GetProperty("protocolVersion").GetInt32());
        Assert.Equal(Methods.All.Order(), root.GetProperty("methods").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(Protocol.Notifications.All.Order(), root.GetProperty("notifications").EnumerateArray().Select(e => e.GetString()!).Order());
    }

    [Fact]
    public void ErrorCodes_AllDistinct()
    {
        var codes = typeof(ErrorCodes).GetFields().Select(f => (int)f.GetValue(null)!).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
    }
}
