using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>
/// Writes a list column's leaf with its Dremel levels, which Parquet.Net's low-level writer takes as given: per value, a
/// repetition level (0 starts a row, 1 continues its list) and a definition level (the leaf's maximum for a value; for an
/// empty list, one below the list's maximum: the list is there, no element is). Every row has a list, so none is null.
/// </summary>
internal static class ParquetListColumn
{
    public static async Task WriteAsync<T>(ParquetRowGroupWriter group, ListField list, DataField leaf, ArraySegment<IReadOnlyList<T>?> rows,
        Func<T, string> value, CancellationToken cancellationToken)
    {
        var size = 0;
        foreach (var items in rows)
        {
            size += Math.Max(1, items?.Count ?? 0);
        }

        var values = new ReadOnlyMemory<char>[size];
        var definitions = new int[size];
        var repetitions = new int[size];
        int slot = 0, count = 0;
        foreach (var items in rows)
        {
            if (items is not { Count: > 0 })
            {
                definitions[slot] = list.MaxDefinitionLevel - 1;
                repetitions[slot++] = 0;
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                definitions[slot] = leaf.MaxDefinitionLevel;
                repetitions[slot++] = i == 0 ? 0 : 1;
                values[count++] = value(items[i]).AsMemory();
            }
        }

        await group.WriteAllPartsAsync<ReadOnlyMemory<char>>(leaf, values.AsMemory(0, count), definitions, repetitions, cancellationToken)
            .ConfigureAwait(false);
    }
}
