using System.Runtime.CompilerServices;
using ExcelDataReader;

namespace BatchAi.Daemon.Ingest;

/// <summary>An .xlsx/.xls sheet: its first non-empty row names the columns; fully empty rows are skipped; rows are numbered as the spreadsheet shows them.</summary>
internal sealed class ExcelDatasetSource : DatasetSource
{
    private readonly ColumnNames _columns;
    private readonly int _sheetIndex;
    private readonly long _headerRow;

    private ExcelDatasetSource(ColumnNames columns, int sheetIndex, string sheetName, IReadOnlyList<string> sheets, long headerRow)
    {
        Sheets = sheets;
        _columns = columns;
        _sheetIndex = sheetIndex;
        SheetName = sheetName;
        _headerRow = headerRow;
    }

    public string SheetName { get; }

    public override IReadOnlyList<string> Sheets { get; }

    public static Task<ExcelDatasetSource> OpenAsync(string path, string format, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = DatasetFile.OpenRead(path);
        using var reader = ExcelSheets.CreateReader(stream, path);
        var (sheetIndex, sheetName, sheets) = ExcelSheets.Select(reader, options.Sheet, path);

        var columns = new ColumnNames();
        long headerRow = 0;
        foreach (var (row, cells) in ExcelSheets.ReadNonEmptyRows(reader, path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            headerRow = row;
            foreach (var name in cells)
            {
                columns.Add(name?.Trim());
            }

            break;
        }

        return Task.FromResult(new ExcelDatasetSource(columns, sheetIndex, sheetName, sheets, headerRow) { Path = path, Format = format, Columns = columns.Names });
    }

    public override async IAsyncEnumerable<SourceRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = OpenFile();
        using var reader = ExcelSheets.CreateReader(stream, Path);
        ExcelSheets.MoveTo(reader, _sheetIndex);
        long index = 0;
        foreach (var (row, cells) in ExcelSheets.ReadNonEmptyRows(reader, Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row <= _headerRow)
            {
                continue;
            }

            _columns.EnsureCount(cells.Length);
            var padded = new string?[_columns.Count];
            cells.CopyTo(padded, 0);
            yield return new SourceRow(index++, padded) { RowNumber = row };
        }
    }
}
