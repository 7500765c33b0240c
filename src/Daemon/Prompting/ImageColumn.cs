using System.Text.Json;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Prompting;

/// <summary>Finds the column that holds each row's image (a path relative to the dataset, a <c>file:</c> or http(s) URL) and reads its cell.</summary>
internal static class ImageColumn
{
    /// <summary>Header names taken as the image column when none is given.</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["image", "images", "image_path", "image_url", "img", "图片"];

    /// <summary>The column's index: the one given (a name or 0-based index), else the first with a <see cref="DefaultNames"/> name, else -1.</summary>
    public static int Resolve(IReadOnlyList<string> columns, string? column, string file)
    {
        if (column is not null)
        {
            return QuestionColumn.Resolve(columns, column, file);
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (DefaultNames.Contains(columns[i].Trim(), StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The references in a cell: one, or a JSON array of several (a JSON item's list arrives as its compact JSON); none when blank.</summary>
    public static IReadOnlyList<string> References(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return [];
        }

        var trimmed = cell.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string?[]>(trimmed)?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).ToList() ?? [];
            }
            catch (JsonException)
            {
                // Not a list after all: a path that starts with a bracket.
            }
        }

        return [trimmed];
    }
}
