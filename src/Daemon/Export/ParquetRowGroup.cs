using Parquet;
using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>
/// The rows of one row group, held column by column until it is full (by rows or by text), then written and cleared.
/// The arrays are allocated once per file and reused, so a job of any length costs one row group of memory.
/// </summary>
internal sealed class ParquetRowGroup
{
    private readonly ParquetLayout _layout;
    private readonly ParquetLimits _limits;
    private readonly string?[]?[] _texts;
    private readonly long?[]?[] _numbers;
    private readonly IReadOnlyList<ChatTurn>?[]?[] _turns;
    private readonly IReadOnlyList<string>?[]?[] _strings;
    private long _chars;

    public ParquetRowGroup(ParquetLayout layout, ParquetLimits limits)
    {
        _layout = layout;
        _limits = limits;
        var columns = layout.Columns;
        _texts = new string?[]?[columns.Count];
        _numbers = new long?[]?[columns.Count];
        _turns = new IReadOnlyList<ChatTurn>?[]?[columns.Count];
        _strings = new IReadOnlyList<string>?[]?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            switch (columns[i].Feature)
            {
                case ParquetFeature.String:
                    _texts[i] = new string?[limits.RowGroupRows];
                    break;
                case ParquetFeature.Int64:
                    _numbers[i] = new long?[limits.RowGroupRows];
                    break;
                case ParquetFeature.Messages:
                    _turns[i] = new IReadOnlyList<ChatTurn>?[limits.RowGroupRows];
                    break;
                default:
                    _strings[i] = new IReadOnlyList<string>?[limits.RowGroupRows];
                    break;
            }
        }
    }

    public int Count { get; private set; }

    public bool IsFull => Count >= _limits.RowGroupRows || _chars >= _limits.RowGroupChars;

    public void Add(ExportRecord record)
    {
        var row = _layout.Row(record);
        var columns = _layout.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            switch (column.Feature)
            {
                case ParquetFeature.String:
                    var value = column.Text!(row);
                    _texts[i]![Count] = value;
                    _chars += value?.Length ?? 0;
                    break;
                case ParquetFeature.Int64:
                    _numbers[i]![Count] = column.Number!(row);
                    break;
                case ParquetFeature.Messages:
                    // The turns repeat the question and answer: counted again, since they are held again.
                    var turns = column.Turns!(row);
                    _turns[i]![Count] = turns;
                    _chars += turns.Sum(t => (long)t.Content.Length);
                    break;
                default:
                    var strings = column.Strings!(row);
                    _strings[i]![Count] = strings;
                    _chars += strings.Sum(s => (long)s.Length);
                    break;
            }
        }

        Count++;
    }

    /// <summary>Writes the rows held as one row group and clears them; nothing when there are none.</summary>
    public async Task WriteAsync(ParquetWriter writer, CancellationToken cancellationToken)
    {
        if (Count == 0)
        {
            return;
        }

        using (var group = writer.CreateRowGroup())
        {
            var columns = _layout.Columns;
            for (var i = 0; i < columns.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteColumnAsync(group, i, columns[i], cancellationToken).ConfigureAwait(false);
            }

            group.CompleteValidate();
        }

        // Let the written answers go: the arrays outlive the row group.
        foreach (var texts in _texts)
        {
            Array.Clear(texts ?? []);
        }

        foreach (var turns in _turns)
        {
            Array.Clear(turns ?? []);
        }

        foreach (var strings in _strings)
        {
            Array.Clear(strings ?? []);
        }

        Count = 0;
        _chars = 0;
    }

    private async Task WriteColumnAsync(ParquetRowGroupWriter group, int i, ParquetColumn column, CancellationToken cancellationToken)
    {
        var field = column.Leaves[0];
        switch (column.Feature)
        {
            case ParquetFeature.String:
                await group.WriteAsync(field, new ArraySegment<string?>(_texts[i]!, 0, Count)).ConfigureAwait(false);
                break;
            case ParquetFeature.Int64 when field.IsNullable:
                await group.WriteAsync<long>(field, new ReadOnlyMemory<long?>(_numbers[i]!, 0, Count), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                break;
            case ParquetFeature.Int64:
                await group.WriteAsync<long>(field, NonNull(_numbers[i]!, Count), cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case ParquetFeature.Messages:
                var turns = new ArraySegment<IReadOnlyList<ChatTurn>?>(_turns[i]!, 0, Count);
                var list = (ListField)column.Field;
                await ParquetListColumn.WriteAsync(group, list, column.Leaves[0], turns, t => t.Role, cancellationToken).ConfigureAwait(false);
                await ParquetListColumn.WriteAsync(group, list, column.Leaves[1], turns, t => t.Content, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await ParquetListColumn.WriteAsync(group, (ListField)column.Field, field, new ArraySegment<IReadOnlyList<string>?>(_strings[i]!, 0, Count),
                    s => s, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static ReadOnlyMemory<long> NonNull(long?[] values, int count)
    {
        var numbers = new long[count];
        for (var i = 0; i < count; i++)
        {
            numbers[i] = values[i] ?? 0;
        }

        return numbers;
    }
}
