using System.Text.Json;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Ledger;

public sealed class JobStatesTests
{
    public static TheoryData<JobState> States() => [.. Enum.GetValues<JobState>()];

    [Theory]
    [MemberData(nameof(States))]
    public void ToStored_EachState_StoredAsTheProtocolsName(JobState state) =>
        // Ledgers written when the ledger stored the protocol's JobState hold its wire name; they must read unchanged.
        Assert.Equal(JsonSerializer.Serialize(state), $"\"{JobLedger.StateName(state.ToStored())}\"");

    [Theory]
    [MemberData(nameof(States))]
    public void ToProtocol_OfToStored_SameState(JobState state) => Assert.Equal(state, state.ToStored().ToProtocol());

    [Fact]
    public void ToProtocol_EveryStoredState_Maps() =>
        Assert.Equal(Enum.GetValues<StoredJobState>().Length, Enum.GetValues<StoredJobState>().Select(s => s.ToProtocol()).Distinct().Count());
}
