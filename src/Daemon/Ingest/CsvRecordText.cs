namespace BatchAi.Daemon.Ingest;

internal static class CsvRecordText
{
    // The parser counts the line a record ends on; quoted fields spanning lines moved it on.
    public static int LineBreaks(string[] record)
    {
        var breaks = 0;
        foreach (var field in record)
        {
            for (var i = 0; i < field.Length; i++)
            {
                if (field[i] == '\n' || (field[i] == '\r' && (i + 1 == field.Length || field[i + 1] != '\n')))
                {
                    breaks++;
                }
            }
        }

        return breaks;
    }

    public static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
    }
}
