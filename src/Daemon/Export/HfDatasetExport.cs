namespace BatchAi.Daemon.Export;

/// <summary>
/// A dataset folder the Hugging Face Hub loads as it is: <c>data/train-00000-of-0000N.parquet</c> (and <c>data/test-...</c>
/// when a held-out split is asked for) and a <c>README.md</c> card. Only answered rows go in; the others are counted on the
/// card. Streamed from the ledger a row group at a time, as <see cref="ParquetExport"/>.
/// </summary>
internal static class HfDatasetExport
{
    public const string Train = "train";
    public const string Test = "test";

    /// <summary>Writes the folder at <paramref name="path"/>; returns the rows written, all splits together.</summary>
    public static Task<long> WriteAsync(string path, IAsyncEnumerable<ExportRecord> records, ExportContext context, CancellationToken cancellationToken) =>
        DatasetFolder.ReplaceAsync(path, (folder, ct) => WriteIntoAsync(folder, records, context, ct), cancellationToken);

    private static async Task<long> WriteIntoAsync(string folder, IAsyncEnumerable<ExportRecord> records, ExportContext context,
        CancellationToken cancellationToken)
    {
        var data = Path.Combine(folder, DatasetFolder.DataFolder);
        await using var train = new HfShardSet(data, Train, context.Limits);
        await using var test = new HfShardSet(data, Test, context.Limits);
        var tally = new HfDatasetTally();
        ParquetLayout? layout = null;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            // The first record of all, kept or not, names the source columns, as in every other format.
            layout ??= ParquetLayout.For(record, withError: false, context.Kinds, context.SystemPrompt);
            if (tally.Keep(record))
            {
                var split = context.HoldOut?.Contains(record.Index) == true ? test : train;
                await split.AddAsync(layout, record, cancellationToken).ConfigureAwait(false);
            }
        }

        layout ??= ParquetLayout.For(null, withError: false, context.Kinds, context.SystemPrompt);
        List<HfShardSet> splits = context.HoldOut is null ? [train] : [train, test];
        foreach (var split in splits)
        {
            await split.CompleteAsync(layout, cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(Path.Combine(folder, DatasetFolder.Card), HfDatasetCard.Write(layout, splits, tally, context), cancellationToken)
            .ConfigureAwait(false);
        return splits.Sum(s => s.Rows);
    }
}
