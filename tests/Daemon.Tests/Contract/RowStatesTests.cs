using System.Reflection;
using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>The ledger names its row states itself; the protocol's constants (and so the clients' generated types) must be those names.</summary>
public sealed class RowStatesTests
{
    [Fact]
    public void Constants_EveryLedgerRowState_AreItsWireNames()
    {
        var wire = typeof(RowStates).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).Order();
        var ledger = Enum.GetValues<RowState>().Select(s => s.Name()).Order();

        Assert.Equal(ledger, wire);
    }
}
