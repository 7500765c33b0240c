using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// What <c>startJob</c> checks before it answers, so a file the job could not use is refused at once
/// rather than discovered later as a failed job: the file has columns, the column or template fits
/// them, and the first rows read and prepare (a row there that cannot be read, or a cell too large, is
/// the caller's error, naming the file and row), and there is at least one data row.
/// </summary>
internal static class InputProbe
{
    /// <summary>How many leading rows are read and prepared before the job starts.</summary>
    public const int Rows = 50;

    public static async Task CheckAsync(DatasetSource source, JobSpec spec, CancellationToken cancellationToken)
    {
        if (source.Columns.Count == 0)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput, $"{source.Path} is empty: it has no header and no rows.", source.Path);
        }

        if (spec.Judge?.ReferenceColumn is { } reference)
        {
            ReferenceColumn(source, reference);
        }

        var preparer = new RowPreparer(source.Columns, spec.Preparation(), source.Path);
        var read = 0;
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            preparer.Prepare(row);
            if (++read == Rows)
            {
                break;
            }
        }

        if (read == 0)
        {
            var why = source.SkippedRows.Count > 0 ? $" that can be read ({source.SkippedRows[0].Error})" : string.Empty;
            throw new DatasetException(DatasetErrorCodes.InvalidInput,
                $"{source.Path} has a header ({string.Join(", ", source.Columns.Take(5).Select(c => $"'{c}'"))}) but no data rows{why}.", source.Path);
        }
    }

    /// <summary>The judge's reference column's index in the input; refused naming the field and the columns there are.</summary>
    public static int ReferenceColumn(DatasetSource source, string column)
    {
        try
        {
            return QuestionColumn.Resolve(source.Columns, column, source.Path);
        }
        catch (DatasetException e)
        {
            throw new DatasetException(e.Code, $"judge.referenceColumn: {e.Message}", source.Path, field: "judge.referenceColumn");
        }
    }
}
