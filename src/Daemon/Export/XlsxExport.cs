using System.IO.Compression;
using System.Text;
using System.Xml;

namespace BatchAi.Daemon.Export;

/// <summary>
/// An .xlsx workbook written row by row (no library here writes xlsx): the minimal OOXML parts, one sheet,
/// inline strings, numbers as numbers. Text is kept to what XML and Excel accept: characters XML forbids are
/// dropped, and a cell stops at Excel's limit of 32,767 characters.
/// </summary>
internal static class XlsxExport
{
    public const int MaxCellChars = 32_767;

    public static Task<long> WriteAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken,
        IReadOnlyList<string>? answerColumns = null, int slots = 0) =>
        WriteSheetAsync(stream, "answers", Rows(records, answerColumns, slots, cancellationToken), TabularRow.IsNumeric, cancellationToken);

    /// <summary>
    /// One sheet: the first row of <paramref name="rows"/> is the header (text), the others data rows, where a cell at a
    /// position <paramref name="isNumeric"/> accepts is written as a number. Returns the data rows written.
    /// </summary>
    public static async Task<long> WriteSheetAsync(Stream stream, string sheetName, IAsyncEnumerable<IEnumerable<string?>> rows, Func<int, bool> isNumeric,
        CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
        Part(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        Part(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");

        await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        await using var xml = XmlWriter.Create(sheet, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        await xml.WriteStartDocumentAsync(standalone: true);
        await xml.WriteStartElementAsync(null, "worksheet", ns);
        await xml.WriteStartElementAsync(null, "sheetData", ns);
        long count = 0;
        await foreach (var fields in rows.WithCancellation(cancellationToken))
        {
            await RowAsync(xml, count + 1, fields, count == 0 ? static _ => false : isNumeric);
            count++;
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        return Math.Max(0, count - 1);
    }

    /// <summary>The header (from the first record's source columns, or the fixed columns alone when there is none), then a row per record.</summary>
    private static async IAsyncEnumerable<IEnumerable<string?>> Rows(IAsyncEnumerable<ExportRecord> records, IReadOnlyList<string>? answerColumns, int slots,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string[]? sourceColumns = null;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (sourceColumns is null)
            {
                sourceColumns = TabularRow.SourceColumns(record);
                yield return TabularRow.Header(sourceColumns, answerColumns, slots);
            }

            yield return TabularRow.Fields(record, sourceColumns, answerColumns, slots);
        }

        if (sourceColumns is null)
        {
            yield return TabularRow.Header([], answerColumns, slots);
        }
    }

    private static async Task RowAsync(XmlWriter xml, long row, IEnumerable<string?> fields, Func<int, bool> isNumeric)
    {
        await xml.WriteStartElementAsync(null, "row", null);
        await xml.WriteAttributeStringAsync(null, "r", null, row.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var position = 0;
        foreach (var field in fields)
        {
            if (field is not null)
            {
                await xml.WriteStartElementAsync(null, "c", null);
                await xml.WriteAttributeStringAsync(null, "r", null, ColumnName(position) + row.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (isNumeric(position))
                {
                    await xml.WriteElementStringAsync(null, "v", null, field);
                }
                else
                {
                    await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
                    await xml.WriteStartElementAsync(null, "is", null);
                    await xml.WriteStartElementAsync(null, "t", null);
                    await xml.WriteAttributeStringAsync("xml", "space", null, "preserve");
                    await xml.WriteStringAsync(CellText(field));
                    await xml.WriteEndElementAsync();
                    await xml.WriteEndElementAsync();
                }

                await xml.WriteEndElementAsync();
            }

            position++;
        }

        await xml.WriteEndElementAsync();
    }

    /// <summary>The text as a cell can hold it: no characters XML 1.0 forbids (lone surrogates, most control characters), at most <see cref="MaxCellChars"/>.</summary>
    public static string CellText(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxCellChars));
        for (var i = 0; i < text.Length && builder.Length < MaxCellChars; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (builder.Length + 2 <= MaxCellChars)
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string ColumnName(int position)
    {
        var name = string.Empty;
        for (var n = position + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static void Part(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
