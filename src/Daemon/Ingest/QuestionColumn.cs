using System.Globalization;

namespace BatchAi.Daemon.Ingest;

/// <summary>Finds the column that holds the questions.</summary>
internal static class QuestionColumn
{
    /// <summary>Header names taken as the question column when none is given, in no particular priority: the first column bearing any of them wins.</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["question", "questions", "问题", "prompt", "instruction", "query", "input", "提问"];

    /// <summary>
    /// The 0-based index of <paramref name="column"/>: a name (exact, then ignoring case) or a 0-based index given as digits.
    /// When null: the first column with a <see cref="DefaultNames"/> name, else the first column.
    /// </summary>
    public static int Resolve(IReadOnlyList<string> columns, string? column, string file)
    {
        if (columns.Count == 0)
        {
            throw new DatasetException(DatasetErrorCodes.ColumnNotFound, $"{file} has no columns (is it empty?).", file, field: column);
        }

        if (column is null)
        {
            for (var i = 0; i < columns.Count; i++)
            {
                if (DefaultNames.Contains(columns[i].Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return 0;
        }

        var index = IndexOf(columns, column, StringComparison.Ordinal);
        if (index < 0)
        {
            index = IndexOf(columns, column, StringComparison.OrdinalIgnoreCase);
        }

        if (index < 0 && int.TryParse(column, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < columns.Count)
        {
            index = number;
        }

        if (index < 0)
        {
            throw new DatasetException(DatasetErrorCodes.ColumnNotFound,
                $"{file}: no column '{column}'; the columns are: {string.Join(", ", columns.Select(c => $"'{c}'"))} (or give a 0-based index).",
                file, field: column);
        }

        return index;
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column, StringComparison comparison)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], column, comparison))
            {
                return i;
            }
        }

        return -1;
    }
}
