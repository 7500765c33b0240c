using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace BatchAi.Daemon.Ingest;

/// <summary>
/// JSON Lines: one object or string per line; blank lines are skipped; a broken line fails or, with
/// <see cref="DatasetReadOptions.SkipBadRows"/>, is skipped and recorded. A raw control character inside a string is read
/// as that character (<see cref="JsonControlEscaper"/>), for the cleaner to remove.
/// </summary>
internal sealed class JsonlDatasetSource : DatasetSource
{
    private readonly ColumnNames _columns;
    private readonly Encoding _encoding;
    private readonly bool _skipBadRows;

    private JsonlDatasetSource(ColumnNames columns, Encoding encoding, bool skipBadRows)
    {
        _columns = columns;
        _encoding = encoding;
        _skipBadRows = skipBadRows;
    }

    public override string? EncodingName => _encoding.WebName;

    public static async Task<JsonlDatasetSource> OpenAsync(string path, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var encoding = await TextEncodings.DetectAsync(path, options.Encoding, cancellationToken);
        var columns = new ColumnNames();

        // Broken lines are not this probe's business: ReadRowsAsync fails or skips them in their turn.
        var probe = new JsonlDatasetSource(columns, encoding, skipBadRows: true) { Path = path, Format = "jsonl", Columns = columns.Names };
        var probed = 0;
        await foreach (var _ in probe.ReadRowsAsync(cancellationToken))
        {
            if (++probed == JsonDatasetSource.ColumnProbeItems)
            {
                break;
            }
        }

        return new JsonlDatasetSource(columns, encoding, options.SkipBadRows) { Path = path, Format = "jsonl", Columns = columns.Names };
    }

    public override async IAsyncEnumerable<SourceRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = OpenFile();
        using var reader = new StreamReader(file, _encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        long line = 0;
        long index = 0;
        while (true)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(cancellationToken);
            }
            catch (DecoderFallbackException ex)
            {
                throw await TextEncodings.InvalidTextAsync(Path, _encoding, line + 1, ex, cancellationToken);
            }

            if (text is null)
            {
                yield break;
            }

            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string?[] cells;
            try
            {
                using var document = Parse(text);
                cells = JsonCells.ToCells(document.RootElement, _columns);
            }
            catch (JsonException ex)
            {
                var error = $"{Path}, line {line}: not valid JSON ({JsonDatasetSource.FirstSentence(ex.Message)})";
                if (!_skipBadRows)
                {
                    throw new DatasetException(DatasetErrorCodes.InvalidInput, error, Path, line, inner: ex);
                }

                Skip(line, error);
                continue;
            }

            yield return new SourceRow(index++, cells) { RowNumber = line };
        }
    }

    // A raw control character in a string is read as that character, as in a .json file; the rare line holding one is escaped first.
    private static JsonDocument Parse(string line)
    {
        if (!JsonControlEscaper.MayChange(line))
        {
            return JsonDocument.Parse(line);
        }

        var escaped = new ArrayBufferWriter<byte>(line.Length + 16);
        new JsonControlEscaper().Write(Encoding.UTF8.GetBytes(line), escaped);
        return JsonDocument.Parse(escaped.WrittenMemory);
    }
}
