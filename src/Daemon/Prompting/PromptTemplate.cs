using System.Text;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Prompting;

/// <summary>
/// A prompt built from several columns: <c>{{title}}\n\n{{body}}</c>. A placeholder names a column as
/// <see cref="QuestionColumn.Resolve"/> does (exact name, then ignoring case, then a 0-based index);
/// spaces inside the braces are ignored. Text outside placeholders is kept exactly, never cleaned.
/// </summary>
internal sealed class PromptTemplate
{
    private readonly (string Text, int Column)[] _parts;

    private PromptTemplate((string Text, int Column)[] parts, int[] columns)
    {
        _parts = parts;
        Columns = columns;
    }

    /// <summary>The columns the template uses, each once, in order of first use.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>Parses <paramref name="template"/> against a file's columns; a column the file lacks is a <see cref="DatasetException"/> (ColumnNotFound) naming it.</summary>
    public static PromptTemplate Parse(string template, IReadOnlyList<string> columns, string file)
    {
        var parts = new List<(string, int)>();
        var used = new List<int>();
        var missing = new List<string>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                parts.Add((template[i..], -1));
                break;
            }

            if (open > i)
            {
                parts.Add((template[i..open], -1));
            }

            var name = template[(open + 2)..close].Trim();
            var column = Find(columns, name);
            if (column < 0)
            {
                missing.Add(name);
            }
            else if (!used.Contains(column))
            {
                used.Add(column);
            }

            parts.Add((string.Empty, column));
            i = close + 2;
        }

        if (missing.Count > 0)
        {
            throw new DatasetException(DatasetErrorCodes.ColumnNotFound,
                $"{file}: the template asks for {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the file lacks; the columns are: {string.Join(", ", columns.Select(c => $"'{c}'"))}.",
                file, field: "template");
        }

        if (used.Count == 0)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput,
                $"The template names no column; write one as {{{{name}}}}, e.g. {{{{{(columns.Count > 0 ? columns[0] : "question")}}}}}.", file, field: "template");
        }

        return new PromptTemplate([.. parts], [.. used]);
    }

    /// <summary>The prompt with each placeholder replaced by <paramref name="cell"/>(column), an absent cell by nothing.</summary>
    public string Render(Func<int, string?> cell)
    {
        var builder = new StringBuilder();
        foreach (var (text, column) in _parts)
        {
            builder.Append(column < 0 ? text : cell(column));
        }

        return builder.ToString();
    }

    private static int Find(IReadOnlyList<string> columns, string name)
    {
        if (name.Length == 0)
        {
            return -1;
        }

        try
        {
            return QuestionColumn.Resolve(columns, name, string.Empty);
        }
        catch (DatasetException)
        {
            return -1;
        }
    }
}
