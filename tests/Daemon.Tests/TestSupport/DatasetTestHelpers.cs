using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.TestSupport;

internal static class DatasetTestHelpers
{
    public static async Task<List<SourceRow>> ReadAllAsync(this DatasetSource source)
    {
        var rows = new List<SourceRow>();
        await foreach (var row in source.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static Task<DatasetSource> OpenAsync(string path, DatasetReadOptions? options = null) =>
        DatasetReader.OpenAsync(path, options, TestContext.Current.CancellationToken);

    /// <summary>Cells as a row reads them, padded with nulls to the source's columns, for comparing whole rows.</summary>
    public static IReadOnlyList<string?> Padded(this SourceRow row, DatasetSource source) =>
        Enumerable.Range(0, source.Columns.Count).Select(row.Cell).ToArray();
}
