using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace BatchAi.Daemon.Ingest;

/// <summary>A JSON file holding one top-level array of strings or objects, streamed item by item; a raw control character in a string is read as that character (<see cref="JsonControlEscaper"/>).</summary>
internal sealed class JsonDatasetSource : DatasetSource
{
    /// <summary>Columns are taken from this many leading items before the first row is read; later keys extend them.</summary>
    internal const int ColumnProbeItems = 100;

    private readonly ColumnNames _columns;
    private readonly Encoding _encoding;

    private JsonDatasetSource(ColumnNames columns, Encoding encoding)
    {
        _columns = columns;
        _encoding = encoding;
    }

    public override string? EncodingName => _encoding.WebName;

    public static async Task<JsonDatasetSource> OpenAsync(string path, DatasetReadOptions options, CancellationToken cancellationToken)
    {
        var encoding = await TextEncodings.DetectAsync(path, options.Encoding, cancellationToken);
        await EnsureArrayAsync(path, encoding, cancellationToken);

        var columns = new ColumnNames();
        var source = new JsonDatasetSource(columns, encoding) { Path = path, Format = "json", Columns = columns.Names };
        try
        {
            var probed = 0;
            await foreach (var _ in source.ReadRowsAsync(cancellationToken))
            {
                if (++probed == ColumnProbeItems)
                {
                    break;
                }
            }
        }
        catch (DatasetException)
        {
            // The parser reads ahead a buffer at a time, so a broken item can surface here; reading the rows reports it in its turn.
        }

        return source;
    }

    public override async IAsyncEnumerable<SourceRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = OpenFile();
        // System.Text.Json reads UTF-8 only (and skips its BOM); anything else is transcoded on the fly.
        await using var utf8 = _encoding is UTF8Encoding ? file : Encoding.CreateTranscodingStream(file, _encoding, Encoding.UTF8, leaveOpen: true);
        await using var lenient = new JsonControlEscapingStream(utf8);
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(lenient, cancellationToken: cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        long index = 0;
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (JsonException ex)
            {
                var line = ex.LineNumber + 1;
                throw new DatasetException(DatasetErrorCodes.InvalidInput,
                    $"{Path}, line {line}: not valid JSON ({FirstSentence(ex.Message)})", Path, line, inner: ex);
            }

            yield return new SourceRow(index++, JsonCells.ToCells(items.Current, _columns));
        }
    }

    internal static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') : message[..cut];
    }

    private static async Task EnsureArrayAsync(string path, Encoding encoding, CancellationToken cancellationToken)
    {
        await using var stream = DatasetFile.OpenRead(path);
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            foreach (var c in buffer.AsSpan(0, read))
            {
                if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    continue;
                }

                if (c == '[')
                {
                    return;
                }

                var hint = c == '{' ? " (for one JSON object per line, name the file .jsonl)" : string.Empty;
                throw new DatasetException(DatasetErrorCodes.InvalidInput,
                    $"{path}: expected a JSON array of strings or objects, found '{c}'{hint}.", path, 1);
            }
        }

        throw new DatasetException(DatasetErrorCodes.InvalidInput, $"{path}: the file is empty; expected a JSON array of strings or objects.", path);
    }
}
