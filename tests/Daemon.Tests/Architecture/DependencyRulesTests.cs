using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using BatchAi.Daemon.Jobs;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace BatchAi.Daemon.Tests.Architecture;

/// <summary>
/// The daemon's architecture as rules (docs/architecture.md draws the same picture). Folders are namespaces under
/// <c>BatchAi.Daemon</c>. The stages, in the order they may depend on each other (each may use only the stages before it,
/// and the shared kernel <c>Common</c>): Ingest, Cleaning, Prompting, Providers, Scheduling, Export, Ledger. Above them,
/// each using only what is below: Generation and Notifications (features), Jobs (orchestration), Rpc (the wire's edge),
/// Hosting (the composition), Cli (a client of the protocol). No folder depends on one above it, so there is no cycle.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly ArchUnitNET.Domain.Architecture Daemon = new ArchLoader()
        .LoadAssemblies(typeof(JobManager).Assembly, typeof(Protocol.Methods).Assembly)
        .Build();

    /// <summary>Bottom first: a folder may depend on the ones before it in this list, never on one after it.</summary>
    internal static readonly string[] Layers =
        ["Common", "Ingest", "Cleaning", "Prompting", "Providers", "Scheduling", "Structured", "Judging", "Export", "Ledger", "Batching", "Generation", "Notifications", "Jobs", "Rpc", "Hosting", "Cli"];

    internal static readonly string[] Stages = ["Ingest", "Cleaning", "Prompting", "Providers", "Scheduling", "Structured", "Judging", "Export", "Ledger", "Batching"];

    /// <summary>
    /// Stage types that still speak the wire's records: debts named one by one, so no new one can come in unseen. A type that
    /// stops using the protocol must leave this list (a test says so), so it only shrinks. (A constant, such as
    /// Ingest/DatasetErrorCodes' use of ErrorCodes, is copied into the code and leaves no reference to check.)
    /// </summary>
    internal static readonly string[] ProtocolDebts =
    [
        "BatchAi.Daemon.Cleaning.TextCleaner",          // takes the request's CleaningOptions
        "BatchAi.Daemon.Prompting.RowPreparer",         // likewise
        "BatchAi.Daemon.Prompting.RowPreparation",      // likewise
        "BatchAi.Daemon.Scheduling.Endpoint",           // reports as the protocol's EndpointStats
        "BatchAi.Daemon.Scheduling.EndpointPool",       // likewise
        "BatchAi.Daemon.Ledger.LedgerReader",           // a page of rows as the protocol's JobRow (getRows)
    ];

    private static readonly string DebtPattern = $"^({string.Join('|', ProtocolDebts.Select(System.Text.RegularExpressions.Regex.Escape))})$";

    private static IObjectProvider<IType> Folder(string folder) =>
        Types().That().ResideInNamespaceMatching($@"^BatchAi\.Daemon\.{folder}(\..+)?$").As(folder);

    private static IObjectProvider<IType> Folders(IEnumerable<string> folders) =>
        Types().That().ResideInNamespaceMatching($@"^BatchAi\.Daemon\.({string.Join('|', folders)})(\..+)?$").As(string.Join(", ", folders));

    private static readonly IObjectProvider<IType> Wire =
        Types().That().ResideInNamespaceMatching(@"^BatchAi\.Protocol(\..+)?$").As("the protocol (BatchAi.Protocol)");

    public static TheoryData<string> LayerNames() => [.. Layers.Take(Layers.Length - 1)];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void Layer_DependsOnlyOnLayersBelowIt(string layer)
    {
        var above = Layers.SkipWhile(l => l != layer).Skip(1).ToArray();
        Types().That().Are(Folder(layer)).Should().NotDependOnAny(Folders(above))
            .Because($"{layer} sits below {string.Join(", ", above)}: the arrows point down")
            .Check(Daemon);
    }

    [Fact]
    public void Folders_HaveNoCycles() =>
        ArchUnitNET.Fluent.Slices.SliceRuleDefinition.Slices().Matching("BatchAi.Daemon.(*)").Should().BeFreeOfCycles().Check(Daemon);

    [Fact]
    public void Stages_DoNotKnowTheWire() =>
        Types().That().Are(Folders(Stages)).And().DoNotHaveFullNameMatching(DebtPattern).Should().NotDependOnAny(Wire)
            .Because("a stage reports through its own types; Rpc maps them to the protocol's records")
            .Check(Daemon);

    [Fact]
    public void Wire_IsSpokenOnlyAtTheEdge() =>
        // Besides Rpc and Cli, two folders still speak it: Jobs takes the protocol's request records as its API, and
        // Notifications carries the protocol's notification records to the outboxes (both to get their own types, mapped in Rpc).
        Types().That().Are(Folders(["Common", "Generation", "Hosting"]))
            .Should().NotDependOnAny(Wire)
            .Check(Daemon);

    /// <summary>
    /// Jobs orchestrates: the lifecycle (start, pause, resume, cancel, retry, recovery) is JobManager's and JobRunner's, and the
    /// features beside it live in their own types (JobEstimator, ProfileStore, JobExports, JobRows, JobKeys, JobPricing), so the
    /// lifecycle neither writes files, counts tokens, reads keys, runs pilots nor builds an endpoint pool itself.
    /// </summary>
    [Fact]
    public void Lifecycle_LeavesFeaturesToTheirOwnTypes() =>
        Types().That().HaveFullNameMatching(@"^BatchAi\.Daemon\.Jobs\.(JobManager|JobRunner)$")
            .Should().NotDependOnAny(Types().That().HaveFullNameMatching(
                @"^BatchAi\.Daemon\.(Export\.(ExportWriter|QuestionSetExport)|Scheduling\.(EndpointPoolFactory|TokenEstimator)|Jobs\.(KeyVariable|PilotSample|PilotMeasure|PromptTokens))$")
                .As("the features' own parts (export writers, the pool's factory, token counts, keys, pilots)"))
            .Because("a feature lands in its own type, and the lifecycle calls it")
            .Check(Daemon);

    [Fact]
    public void ProtocolDebts_EachStillADebt() =>
        Assert.All(ProtocolDebts, name =>
        {
            var type = Daemon.Types.SingleOrDefault(t => t.FullName == name);
            Assert.True(type is not null, $"{name} is not a type: remove it from ProtocolDebts");
            Assert.True(type.Dependencies.Any(d => d.Target.Namespace.FullName.StartsWith("BatchAi.Protocol", StringComparison.Ordinal)),
                $"{name} no longer uses the protocol: remove it from ProtocolDebts");
        });
}
