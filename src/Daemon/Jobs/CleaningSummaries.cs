using BatchAi.Daemon.Prompting;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Jobs;

/// <summary>Maps Prompting's <see cref="CleaningCounts"/> to the protocol's <see cref="CleaningSummary"/>.</summary>
internal static class CleaningSummaries
{
    public static CleaningSummary ToProtocol(this CleaningCounts counts) => new(counts.Rows, counts.Changed, counts.Empty, counts.Duplicates);
}
