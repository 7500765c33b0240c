using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>Writes real .xlsx files (the minimal OOXML parts, zipped) so tests need no binary fixtures.</summary>
internal static class XlsxWriter
{
    // Style indexes into styles.xml's cellXfs: 0 general, 1 a date (numFmt 14), 2 a date and time (numFmt 22).
    private const int DateStyle = 1;
    private const int DateTimeStyle = 2;

    public static void Write(string path, params XlsxSheet[] sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        Add(zip, "[Content_Types].xml", ContentTypes(sheets.Length));
        Add(zip, "_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Add(zip, "xl/workbook.xml", Workbook(sheets));
        Add(zip, "xl/_rels/workbook.xml.rels", WorkbookRels(sheets.Length));
        Add(zip, "xl/styles.xml", Styles);
        for (var i = 0; i < sheets.Length; i++)
        {
            Add(zip, $"xl/worksheets/sheet{i + 1}.xml", Worksheet(sheets[i]));
        }
    }

    public static void Write(string path, params IReadOnlyList<object?>?[] rows) => Write(path, new XlsxSheet("Sheet1", rows));

    private const string Styles =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="22" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>""";

    private static string ContentTypes(int sheetCount)
    {
        var text = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>""");
        for (var i = 1; i <= sheetCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
        }

        return text.Append("</Types>").ToString();
    }

    private static string Workbook(XlsxSheet[] sheets)
    {
        var text = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>""");
        for (var i = 0; i < sheets.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""<sheet name="{SecurityElement.Escape(sheets[i].Name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>""");
        }

        return text.Append("</sheets></workbook>").ToString();
    }

    private static string WorkbookRels(int sheetCount)
    {
        var text = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        for (var i = 1; i <= sheetCount; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>""");
        }

        text.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rId{sheetCount + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>""");
        return text.Append("</Relationships>").ToString();
    }

    private static string Worksheet(XlsxSheet sheet)
    {
        var text = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            if (sheet.Rows[r] is not { } row)
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"""<row r="{r + 1}">""");
            for (var c = 0; c < row.Count; c++)
            {
                text.Append(Cell($"{ColumnLetters(c)}{r + 1}", row[c]));
            }

            text.Append("</row>");
        }

        return text.Append("</sheetData></worksheet>").ToString();
    }

    private static string Cell(string reference, object? value) => value switch
    {
        null => string.Empty,
        string s => $"""<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{SecurityElement.Escape(s)}</t></is></c>""",
        bool b => $"""<c r="{reference}" t="b"><v>{(b ? 1 : 0)}</v></c>""",
        DateTime d => string.Create(CultureInfo.InvariantCulture,
            $"""<c r="{reference}" s="{(d.TimeOfDay == TimeSpan.Zero ? DateStyle : DateTimeStyle)}"><v>{d.ToOADate()}</v></c>"""),
        IFormattable n => $"""<c r="{reference}"><v>{n.ToString(null, CultureInfo.InvariantCulture)}</v></c>""",
        _ => throw new ArgumentException($"Cannot write a {value.GetType().Name} cell.", nameof(value)),
    };

    private static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (index++; index > 0; index = (index - 1) / 26)
        {
            letters = (char)('A' + ((index - 1) % 26)) + letters;
        }

        return letters;
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
