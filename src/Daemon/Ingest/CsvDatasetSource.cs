using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BatchAi.Daemon.Ingest;

/// <summary>CSV/TSV: the first non-empty record names the columns; rows stream through CsvHelper's parser.</summary>
internal sealed class CsvDatasetSource : DatasetSource
{
    private const int SampleChars = 64 * 1024;

    private readonly ColumnNames _columns;
    private readonly bool _skipBadRows;

    private CsvDatasetSource(ColumnNames columns, Encoding encoding, char delimiter, bool skipBadRows)
    {
        _columns = columns;
        Encoding = encoding;
        Delimiter = delimiter;
        _skipBadRows = skipBadRows;
    }

    public Encoding Encoding { get; }

    public char Delimiter { get; }

    public override string? EncodingName => Encoding.WebName;

    public static async Task<CsvDatasetSource> OpenAsync(string path, string format, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var encoding = await TextEncodings.DetectAsync(path, options.Encoding, cancellationToken);
        var delimiter = options.Delimiter
            ?? await DetectDelimiterAsync(path, encoding, format == "tsv" ? '\t' : ',', cancellationToken);

        var columns = new ColumnNames();
        var probe = new CsvDatasetSource(columns, encoding, delimiter, options.SkipBadRows) { Path = path, Format = format, Columns = columns.Names };
        await foreach (var (header, _) in probe.ReadRecordsAsync(cancellationToken))
        {
            foreach (var name in header)
            {
                columns.Add(name.Trim());
            }

            break;
        }

        return new CsvDatasetSource(columns, encoding, delimiter, options.SkipBadRows) { Path = path, Format = format, Columns = columns.Names };
    }

    public override async IAsyncEnumerable<SourceRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long index = 0;
        var isHeader = true;
        var headerFields = 0;
        await foreach (var (record, line) in ReadRecordsAsync(cancellationToken))
        {
            if (isHeader)
            {
                isHeader = false;
                headerFields = record.Length;
                continue;
            }

            if (record.Length != headerFields)
            {
                Ragged(line);
            }

            _columns.EnsureCount(record.Length);
            var cells = new string?[_columns.Count];
            record.CopyTo(cells, 0);
            yield return new SourceRow(index++, cells) { RowNumber = line };
        }
    }

    /// <summary>Non-empty records with the line each starts on; bad records are skipped or thrown as <see cref="DatasetException"/>.</summary>
    private async IAsyncEnumerable<(string[] Record, long Line)> ReadRecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = OpenFile();
        using var reader = new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Delimiter.ToString(),
            HasHeaderRecord = false,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            // A quote inside an unquoted field (he said "hi") is plain text; a quoted field that never closes
            // or has text after its closing quote would silently swallow or garble rows, so that is an error.
            BadDataFound = args =>
            {
                if (args.Field.TrimStart().StartsWith('"'))
                {
                    badData ??= args.RawRecord;
                }
            },
        };
        using var parser = new CsvParser(reader, config);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = await parser.ReadAsync();
            }
            catch (Exception ex) when (ex is DecoderFallbackException || ex.InnerException is DecoderFallbackException)
            {
                throw await TextEncodings.InvalidTextAsync(Path, Encoding, parser.RawRow + 1, ex, cancellationToken);
            }
            catch (CsvHelperException ex)
            {
                throw new DatasetException(DatasetErrorCodes.InvalidInput,
                    $"{Path}, line {parser.RawRow}: cannot parse the CSV record ({ex.GetType().Name}).", Path, parser.RawRow, inner: ex);
            }

            if (!more)
            {
                yield break;
            }

            var record = parser.Record ?? [];
            var line = parser.RawRow - CsvRecordText.LineBreaks(record);
            if (badData is not null)
            {
                var error = $"{Path}, line {line}: malformed CSV record (a quote that does not open or close a field): {CsvRecordText.Shorten(badData)}";
                badData = null;
                if (!_skipBadRows)
                {
                    throw new DatasetException(DatasetErrorCodes.InvalidInput, error, Path, line);
                }

                Skip(line, error);
                continue;
            }

            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return (record, line);
        }
    }

    private static async Task<char> DetectDelimiterAsync(string path, Encoding encoding, char fallback, CancellationToken cancellationToken)
    {
        await using var stream = DatasetFile.OpenRead(path);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[SampleChars];
        int length;
        try
        {
            length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        }
        catch (DecoderFallbackException ex)
        {
            // Past the bytes detection looked at; the first lines are fine, so say where the sample ends.
            throw TextEncodings.InvalidText(path, 1, $"not valid {encoding.WebName} text within the first {SampleChars / 1024} K characters", ex);
        }

        return DelimiterDetector.Detect(new string(buffer, 0, length), reachedEnd: length < buffer.Length, fallback);
    }
}
