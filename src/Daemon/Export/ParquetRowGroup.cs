using Parquet;

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
    private long _chars;

    public ParquetRowGroup(ParquetLayout layout, ParquetLimits limits)
    {
        _layout = layout;
        _limits = limits;
        var columns = layout.Columns;
        _texts = new string?[]?[columns.Count];
        _numbers = new long?[]?[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Text is not null)
            {
                _texts[i] = new string?[limits.RowGroupRows];
            }
            else
            {
                _numbers[i] = new long?[limits.RowGroupRows];
            }
        }
    }

    public int Count { get; private set; }

    public bool IsFull => Count >= _limits.RowGroupRows || _chars >= _limits.RowGroupChars;

    public void Add(ExportRecord record)
    {
        var columns = _layout.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Text is { } text)
            {
                var value = text(record);
                _texts[i]![Count] = value;
                _chars += value?.Length ?? 0;
            }
            else
            {
                _numbers[i]![Count] = columns[i].Number!(record);
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
                var field = columns[i].Field;
                if (_texts[i] is { } texts)
                {
                    await group.WriteAsync(field, new ArraySegment<string>(texts!, 0, Count)).ConfigureAwait(false);
                }
                else if (field.IsNullable)
                {
                    await group.WriteAsync<long>(field, new ReadOnlyMemory<long?>(_numbers[i]!, 0, Count), cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                }
                else
                {
                    await group.WriteAsync<long>(field, NonNull(_numbers[i]!, Count), cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }

            group.CompleteValidate();
        }

        foreach (var texts in _texts)
        {
            // Let the written answers go: the arrays outlive the row group.
            Array.Clear(texts ?? []);
        }

        Count = 0;
        _chars = 0;
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
