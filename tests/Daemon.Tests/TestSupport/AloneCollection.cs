namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// Tests that load both cores (a thousand streams at once) run alone, after the others: beside them, tests
/// with a 20-second budget starve and time out.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
