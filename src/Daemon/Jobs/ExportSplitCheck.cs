using BatchAi.Daemon.Common;
using BatchAi.Daemon.Export;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>Checks <c>exportJob</c>'s <c>split</c>, naming the field at fault, and turns it into the export's <see cref="HoldOut"/>.</summary>
internal static class ExportSplitCheck
{
    public static HoldOut? HoldOut(ExportSplit? split, string format)
    {
        if (split is null)
        {
            return null;
        }

        if (format != ExportFormat.HfDataset)
        {
            throw Invalid("split", $"split holds out a test split of an {ExportFormat.HfDataset} export; format is '{format}'.");
        }

        // Written so that NaN fails too.
        if (!(split.Test > 0 && split.Test < 1))
        {
            throw Invalid("split.test", FormattableString.Invariant($"split.test is the fraction of rows held out, above 0 and below 1 (got {split.Test})."));
        }

        return new HoldOut(split.Test, split.Seed ?? 0);
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
