using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Datasets;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Rpc.Preview;

/// <summary>
/// <c>previewDataset</c>: opens a dataset as <c>startJob</c> would (same options, same cleaning), and
/// reports what was detected and the leading rows raw and cleaned. Rows that cannot be read are listed
/// rather than fatal, so one call shows everything wrong with a file. It reads at most
/// <see cref="CountLimit"/> rows: past that the row count is estimated from how far into the file they went.
/// </summary>
internal static class DatasetPreviewer
{
    public const int DefaultRows = 10;
    public const int MaxRows = 1000;
    public const int CountLimit = 100_000;
    private const int MaxBadRows = 100;

    public static async Task<PreviewDatasetResult> PreviewAsync(PreviewDatasetParams? p, CancellationToken cancellationToken)
    {
        var want = Validate(p);
        var input = Path.GetFullPath(p!.Input);
        var options = new DatasetReadOptions(p.Sheet, p.Encoding, DelimiterOption.Parse(p.Delimiter), SkipBadRows: true);
        await using var source = await DatasetReader.OpenAsync(input, options, cancellationToken).ConfigureAwait(false);
        if (source.Columns.Count == 0)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput, $"{input} is empty: it has no header and no rows.", input);
        }

        var preparer = new RowPreparer(source.Columns, new RowPreparation(p.Column, p.Template, p.Cleaning, SkipBadRows: true, ImageColumn: p.ImageColumn), input);
        var shown = new List<(SourceRow Row, PreparedRow Prepared)>();
        var badRows = new List<BadRow>();
        long count = 0;
        long? position = null;
        var ragged = (Rows: 0L, First: (long?)null);
        await foreach (var row in source.ReadRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            var prepared = preparer.Prepare(row);
            if (shown.Count < want)
            {
                shown.Add((row, prepared));
            }

            if (prepared.SkipKind == SkipKind.Unreadable && badRows.Count < MaxBadRows)
            {
                badRows.Add(new BadRow(row.RowNumber ?? row.Index, prepared.Skip!));
            }

            if (++count == CountLimit)
            {
                // Read before the loop ends: leaving it closes the file.
                position = source.ReadPosition;
                ragged = (source.RaggedRows, source.FirstRaggedRow);
                break;
            }
        }

        if (count < CountLimit)
        {
            ragged = (source.RaggedRows, source.FirstRaggedRow);
        }

        badRows.InsertRange(0, source.SkippedRows.Take(MaxBadRows).Select(s => new BadRow(s.Row, s.Error)));
        var exact = count < CountLimit;
        var total = exact ? count : Estimate(count, position, new FileInfo(input).Length);
        return new PreviewDatasetResult(
            input,
            source.Format,
            source.EncodingName,
            source is CsvDatasetSource csv ? csv.Delimiter.ToString() : null,
            source.Sheets,
            (source as ExcelDatasetSource)?.SheetName,
            [.. source.Columns],
            preparer.PromptColumn,
            p.Template,
            total,
            exact,
            shown.Select(s => ToPreviewRow(s.Row, s.Prepared, source.Columns.Count, preparer.Cleaner)).ToList(),
            preparer.Tally.Summary(preparer.Cleaner).ToProtocol(),
            badRows,
            ragged.Rows,
            ragged.First);
    }

    private static long Estimate(long count, long? position, long length) =>
        position is > 0 ? Math.Max(count, (long)Math.Round(count * (double)length / position.Value)) : count;

    private static PreviewRow ToPreviewRow(SourceRow row, PreparedRow prepared, int columns, TextCleaner cleaner) => new(
        row.Index,
        row.RowNumber,
        Enumerable.Range(0, columns).Select(row.Cell).ToArray(),
        prepared.Raw,
        prepared.Prompt,
        cleaner.Names(prepared.ChangedBy),
        prepared.Skip,
        prepared.Conversation && prepared.Prompt.Length > 0 ? Messages(prepared.Prompt) : null);

    private static List<PreviewMessage> Messages(string conversation) => [.. ConversationJson.Parse(conversation).Select(m => new PreviewMessage(
        m.RoleName, m.Content, m.Images > 0 ? [.. m.Parts!.Where(part => part.IsImage).Select(part => part.ImageUrl!)] : null))];

    private static int Validate(PreviewDatasetParams? p)
    {
        if (p is null || string.IsNullOrWhiteSpace(p.Input))
        {
            throw Invalid("input", "input is required: the path of the dataset file.");
        }

        if (p.Column is not null && p.Template is not null)
        {
            throw Invalid("template", "Give column or template, not both: a template names its columns itself.");
        }

        if (p.Rows is < 1 or > MaxRows)
        {
            throw Invalid("rows", $"rows must be between 1 and {MaxRows} (got {p.Rows}).");
        }

        return p.Rows ?? DefaultRows;
    }

    private static RequestRefusedException Invalid(string field, string message) => new(RefusalReason.InvalidField, message, new RefusedAt(Field: field));
}
