using System.Globalization;
using ExcelDataReader;

namespace BatchAi.Daemon.Ingest;

/// <summary>The ExcelDataReader plumbing shared by opening a workbook and streaming its rows: corrupt files, sheet choice, row numbers.</summary>
internal static class ExcelSheets
{
    public static IExcelDataReader CreateReader(Stream stream, string path)
    {
        // Legacy .xls strings are stored in Windows code pages.
        TextEncodings.EnsureRegistered();
        try
        {
            return ExcelReaderFactory.CreateReader(stream);
        }
        catch (ExcelDataReader.Exceptions.InvalidPasswordException ex)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput,
                $"{path} is password-protected; save a copy without a password and give that.", path, inner: ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput,
                $"{path}: not a readable Excel workbook ({ex.Message.TrimEnd('.')}).", path, inner: ex);
        }
    }

    /// <summary>Moves <paramref name="reader"/> to the sheet named, or numbered from 0, by <paramref name="sheet"/> (default: the first).</summary>
    public static (int Index, string Name, IReadOnlyList<string> Names) Select(IExcelDataReader reader, string? sheet, string path)
    {
        var names = new List<string>();
        do
        {
            names.Add(reader.Name);
        }
        while (reader.NextResult());

        var index = sheet is null ? 0 : names.IndexOf(sheet);
        if (index < 0)
        {
            index = names.FindIndex(n => string.Equals(n, sheet, StringComparison.OrdinalIgnoreCase));
        }

        if (index < 0 && int.TryParse(sheet, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < names.Count)
        {
            index = number;
        }

        if (index < 0 || names.Count == 0)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput,
                $"{path}: no sheet '{sheet}'; the sheets are: {string.Join(", ", names.Select(n => $"'{n}'"))} (or give a 0-based index).",
                path, field: sheet);
        }

        MoveTo(reader, index);
        return (index, names[index], names);
    }

    public static void MoveTo(IExcelDataReader reader, int sheetIndex)
    {
        reader.Reset();
        for (var i = 0; i < sheetIndex; i++)
        {
            reader.NextResult();
        }
    }

    /// <summary>The sheet's rows that have any text, with their 1-based spreadsheet row number; trailing empty cells are cut.</summary>
    public static IEnumerable<(long Row, string?[] Cells)> ReadNonEmptyRows(IExcelDataReader reader, string path)
    {
        while (true)
        {
            try
            {
                if (!reader.Read())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failedRow = reader.Depth + 2;
                throw new DatasetException(DatasetErrorCodes.InvalidInput,
                    $"{path}, row {failedRow}: cannot read the sheet ({ex.Message.TrimEnd('.')}).", path, failedRow, inner: ex);
            }

            var row = reader.Depth + 1L;
            var last = -1;
            var cells = new string?[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = ExcelCellText.Render(reader.GetValue(i));
                if (!string.IsNullOrWhiteSpace(cells[i]))
                {
                    last = i;
                }
            }

            if (last >= 0)
            {
                yield return (row, cells[..(last + 1)]);
            }
        }
    }
}
