using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>A Parquet file read back whole by Parquet.Net's reader: its fields, row group count and rows (column name → value).</summary>
internal sealed record ParquetTable(IReadOnlyList<DataField> Fields, int RowGroups, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows)
{
    public static async Task<ParquetTable> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var columns = new List<object?[]>();
            foreach (var field in fields)
            {
                columns.Add(await ReadColumnAsync(group, field, count, cancellationToken));
            }

            for (var r = 0; r < count; r++)
            {
                rows.Add(fields.Select((f, c) => (f.Name, Value: columns[c][r])).ToDictionary(x => x.Name, x => x.Value));
            }
        }

        return new ParquetTable(fields, reader.RowGroupCount, rows);
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken cancellationToken)
    {
        if (field.ClrType == typeof(long) && field.IsNullable)
        {
            var values = new long?[count];
            await group.ReadAsync<long>(field, values.AsMemory(), cancellationToken: cancellationToken);
            return values.Select(v => (object?)v).ToArray();
        }

        if (field.ClrType == typeof(long))
        {
            var values = new long[count];
            await group.ReadAsync<long>(field, values.AsMemory(), cancellationToken: cancellationToken);
            return values.Select(v => (object?)v).ToArray();
        }

        var texts = new string?[count];
        await group.ReadAsync(field, texts.AsMemory(), cancellationToken: cancellationToken);
        return texts;
    }
}
