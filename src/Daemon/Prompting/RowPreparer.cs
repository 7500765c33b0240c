using System.Globalization;
using BatchAi.Daemon.Ingest;
using BatchAi.Protocol.Datasets;
using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Turns source rows into prompts: picks the column (or fills the template), cleans the cells it uses,
/// and decides which rows are skipped (empty, duplicate, a cell too large). One per pass over a file,
/// rows in file order: it remembers the prompts it has seen.
/// </summary>
internal sealed partial class RowPreparer
{
    /// <summary>The largest cell accepted, in characters: no chat model takes a prompt near this, and a bigger cell is a broken export.</summary>
    public const int MaxCellChars = 1_000_000;

    private readonly IReadOnlyList<string> _columns;
    private readonly int _column;
    private readonly PromptTemplate? _template;
    private readonly TextCleaner _cleaner;
    private readonly bool _skipEmpty;
    private readonly DuplicateTracker? _duplicates;
    private readonly bool _skipBadRows;
    private readonly string _file;
    private readonly ConversationColumns? _conversation;
    private readonly int _image = -1;

    /// <param name="columns">The file's columns.</param>
    /// <param name="how">The prompt's column or template, the cleaning, and whether a bad row is skipped or stops the pass.</param>
    /// <param name="file">The file, named in errors.</param>
    /// <param name="digests">Where the prompts seen so far are kept, for a pass that must survive a restart; in memory when null.</param>
    public RowPreparer(IReadOnlyList<string> columns, RowPreparation how, string file, IPromptDigestStore? digests = null)
    {
        _columns = columns;
        _file = file;
        _skipBadRows = how.SkipBadRows;
        if (how.Template is not null)
        {
            _template = PromptTemplate.Parse(how.Template, columns, file);
            _column = -1;
        }
        else
        {
            _conversation = ConversationColumns.Detect(columns, how.Column, file);
            _column = _conversation?.Main ?? QuestionColumn.Resolve(columns, how.Column, file);
        }

        _image = ImageColumn.Resolve(columns, how.ImageColumn, file);

        _cleaner = new TextCleaner(how.Cleaning);
        _skipEmpty = how.Cleaning?.SkipEmpty ?? true;
        _duplicates = how.Cleaning?.SkipDuplicates ?? true ? new DuplicateTracker(digests) : null;
    }

    public TextCleaner Cleaner => _cleaner;

    /// <summary>The prompt column's name, or null when a template builds the prompt.</summary>
    public string? PromptColumn => _template is null ? _columns[_column] : null;

    public CleaningTally Tally { get; } = new();

    /// <summary>Prepares the next row. Throws <see cref="DatasetException"/> naming the file and row for a cell too large, unless bad rows are skipped.</summary>
    public PreparedRow Prepare(SourceRow row)
    {
        var prepared = Build(row);
        Tally.Add(prepared, _cleaner);
        return prepared;
    }

    /// <summary>The rows prepared so far are in the ledger: the duplicate tracker hands their digests to its store.</summary>
    public void Stored() => _duplicates?.Stored();

    private PreparedRow Build(SourceRow row)
    {
        if (OversizedCell(row) is { } error)
        {
            return _skipBadRows
                ? new PreparedRow(string.Empty, string.Empty, 0, error, SkipKind.Unreadable)
                : throw new DatasetException(DatasetErrorCodes.InvalidInput, error, _file, row.RowNumber ?? row.Index);
        }

        var images = ImageColumn.References(row.Cell(_image));
        if (_conversation is not null || images.Count > 0)
        {
            return BuildConversation(row, images);
        }

        string raw;
        string prompt;
        var changedBy = 0;
        bool cellsEmpty;
        if (_template is null)
        {
            raw = row.Cell(_column) ?? string.Empty;
            prompt = _cleaner.Clean(raw, out changedBy);
            cellsEmpty = string.IsNullOrWhiteSpace(prompt);
        }
        else
        {
            var cleaned = new string?[_template.Columns.Max() + 1];
            cellsEmpty = true;
            foreach (var column in _template.Columns)
            {
                cleaned[column] = _cleaner.Clean(row.Cell(column) ?? string.Empty, out var bits);
                changedBy |= bits;
                cellsEmpty &= string.IsNullOrWhiteSpace(cleaned[column]);
            }

            raw = _template.Render(row.Cell);
            prompt = _template.Render(c => cleaned[c]);
        }

        if (string.IsNullOrWhiteSpace(prompt) || (cellsEmpty && _skipEmpty))
        {
            return new PreparedRow(raw, string.Empty, changedBy, $"row {row.Index}: {EmptyWhat()} empty; nothing was sent", SkipKind.Empty);
        }

        if (_duplicates?.FirstOf(prompt, row.Index) is { } first)
        {
            return new PreparedRow(raw, prompt, changedBy, $"row {row.Index}: duplicate of row {first}; not sent again", SkipKind.Duplicate);
        }

        return new PreparedRow(raw, prompt, changedBy, null);
    }

    private string EmptyWhat() => _template is null
        ? $"the question (column '{_columns[_column]}') is"
        : $"the columns the template uses ({string.Join(", ", _template.Columns.Select(c => $"'{_columns[c]}'"))}) are";

    private string? OversizedCell(SourceRow row)
    {
        for (var i = 0; i < row.Cells.Count; i++)
        {
            if (row.Cells[i] is { Length: > MaxCellChars } cell)
            {
                var where = row.RowNumber is { } n ? $"row {n}" : $"item {row.Index}";
                var column = i < _columns.Count ? _columns[i] : $"column{i + 1}";
                return string.Create(CultureInfo.InvariantCulture,
                    $"{_file}, {where}: the cell in column '{column}' holds {cell.Length:N0} characters; batchai takes at most {MaxCellChars:N0} in a cell.");
            }
        }

        return null;
    }
}
