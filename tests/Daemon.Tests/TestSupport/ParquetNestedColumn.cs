using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// Reads a list column back row by row from its leaves' raw values and levels, the way any reader must (Dremel): a repetition
/// level of 0 starts a row; a definition level at the list's maximum or above is an element, at the leaf's maximum with a value.
/// Written independently of the exporter's level code, so a mistake in one is not mirrored in the other.
/// </summary>
internal static class ParquetNestedColumn
{
    public static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, ListField list, int count, CancellationToken cancellationToken)
    {
        if (list.Item is DataField element)
        {
            var items = await ReadLeafAsync(group, list, element, count, cancellationToken);
            return items.Select(row => (object?)row?.ToList()).ToArray();
        }

        var members = ((StructField)list.Item).Fields.Cast<DataField>().ToList();
        var leaves = new List<List<string?>?[]>();
        foreach (var member in members)
        {
            leaves.Add(await ReadLeafAsync(group, list, member, count, cancellationToken));
        }

        var rows = new object?[count];
        for (var r = 0; r < count; r++)
        {
            if (leaves[0][r] is not { } first)
            {
                continue;
            }

            rows[r] = Enumerable.Range(0, first.Count)
                .Select(i => (IReadOnlyDictionary<string, string?>)members.Select((m, c) => (m.Name, leaves[c][r]![i])).ToDictionary(x => x.Name, x => x.Item2))
                .ToList();
        }

        return rows;
    }

    private static async Task<List<string?>?[]> ReadLeafAsync(ParquetRowGroupReader group, ListField list, DataField leaf, int count,
        CancellationToken cancellationToken)
    {
        var size = (int)group.GetMetadata(leaf)!.MetaData!.NumValues;
        var values = new ReadOnlyMemory<char>[size];
        var definitions = new int[size];
        var repetitions = new int[size];
        await group.ReadRawAsync<ReadOnlyMemory<char>>(leaf, values, definitions, repetitions, cancellationToken);
        var rows = new List<string?>?[count];
        int row = -1, value = 0;
        for (var i = 0; i < definitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                row++;
                // Below the list's own level less one, the list itself is null; at it, the list is there and empty.
                rows[row] = definitions[i] >= list.MaxDefinitionLevel - 1 ? [] : null;
            }

            if (definitions[i] >= list.MaxDefinitionLevel)
            {
                rows[row]!.Add(definitions[i] == leaf.MaxDefinitionLevel ? values[value++].ToString() : null);
            }
        }

        Assert.Equal(count, row + 1);
        return rows;
    }
}
