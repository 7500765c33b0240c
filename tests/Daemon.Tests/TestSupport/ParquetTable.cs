using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// A Parquet file read back whole by Parquet.Net's reader: its top-level columns, the flat ones as <see cref="Fields"/>, the
/// row group count and the rows (column name → value). A list column's value is a list: of strings, or for a list of structs,
/// of dictionaries (member → text), assembled from each leaf's repetition and definition levels.
/// </summary>
internal sealed record ParquetTable(IReadOnlyList<Field> Columns, int RowGroups, IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows)
{
    public IReadOnlyList<DataField> Fields => Columns.OfType<DataField>().ToList();

    public static async Task<ParquetTable> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken);
        var columns = reader.Schema.Fields;
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var values = new List<object?[]>();
            foreach (var column in columns)
            {
                values.Add(column switch
                {
                    DataField field => await ReadColumnAsync(group, field, count, cancellationToken),
                    ListField list => await ParquetNestedColumn.ReadAsync(group, list, count, cancellationToken),
                    _ => throw new NotSupportedException($"column {column.Name} is a {column.SchemaType}"),
                });
            }

            for (var r = 0; r < count; r++)
            {
                rows.Add(columns.Select((f, c) => (f.Name, Value: values[c][r])).ToDictionary(x => x.Name, x => x.Value));
            }
        }

        return new ParquetTable(columns, reader.RowGroupCount, rows);
    }

    /// <summary>A column's type as a card's features describe it: <c>int64</c>, <c>string</c>, <c>list&lt;string&gt;</c>, <c>list&lt;struct&lt;a: string, ...&gt;&gt;</c>.</summary>
    public static string Describe(Field column) => column switch
    {
        DataField { ClrType: var type } when type == typeof(long) => "int64",
        DataField => "string",
        ListField { Item: StructField item } => $"list<struct<{string.Join(", ", item.Fields.Select(f => $"{f.Name}: {Describe(f)}"))}>>",
        ListField { Item: var item } => $"list<{Describe(item)}>",
        _ => column.SchemaType.ToString(),
    };

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
