using System.Text.Json;

namespace BatchAi.Daemon.Tests.TestSupport;

/// <summary>
/// The parts of a dataset card's YAML front matter the Hub reads to load a dataset, parsed from the block list layout the
/// Hub's own cards use: each split's data files, each feature's name and dtype, each split's size, the license.
/// </summary>
internal sealed record DatasetCardYaml(
    string? License,
    IReadOnlyList<(string Split, string Path)> DataFiles,
    IReadOnlyList<(string Name, string Dtype)> Features,
    IReadOnlyList<(string Name, long Examples)> Splits,
    string Body)
{
    public static DatasetCardYaml Parse(string card)
    {
        var lines = card.Split('\n');
        Assert.Equal("---", lines[0]);
        var end = Array.IndexOf(lines, "---", 1);
        Assert.True(end > 0, "the front matter is closed by ---");
        string? license = null;
        var files = new List<(string, string)>();
        var features = new List<(string, string)>();
        var splits = new List<(string, long)>();
        var section = string.Empty;
        for (var i = 1; i < end; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (!line.StartsWith(' ') && !line.StartsWith('-'))
            {
                section = line.TrimEnd(':');
                if (line.StartsWith("license:", StringComparison.Ordinal))
                {
                    license = Value(line);
                }
            }
            else if (line.StartsWith("  features:", StringComparison.Ordinal) || line.StartsWith("  splits:", StringComparison.Ordinal))
            {
                section = line.Trim().TrimEnd(':');
            }
            else if (section == "configs" && line.TrimStart().StartsWith("- split:", StringComparison.Ordinal))
            {
                files.Add((Value(line), Value(lines[++i])));
            }
            else if (section == "features" && line.StartsWith("  - name:", StringComparison.Ordinal))
            {
                features.Add((Value(line), Feature(lines, ref i)));
            }
            else if (section == "splits" && line.StartsWith("  - name:", StringComparison.Ordinal))
            {
                splits.Add((Value(line), long.Parse(Value(lines[++i]), System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return new DatasetCardYaml(license, files, features, splits, string.Join('\n', lines.Skip(end + 1)));
    }

    // A feature's type as ParquetTable.Describe writes it: "dtype: T" is T, "sequence: T" a list<T>, and "list:" followed by
    // its members ("- name: M", "dtype: T") a list<struct<M: T, ...>>.
    private static string Feature(string[] lines, ref int i)
    {
        var line = lines[++i];
        if (line.StartsWith("    sequence:", StringComparison.Ordinal))
        {
            return $"list<{Value(line)}>";
        }

        if (line != "    list:")
        {
            return Value(line);
        }

        var members = new List<string>();
        while (lines[i + 1].StartsWith("    - name:", StringComparison.Ordinal))
        {
            members.Add($"{Value(lines[i + 1])}: {Value(lines[i + 2])}");
            i += 2;
        }

        return $"list<struct<{string.Join(", ", members)}>>";
    }

    // "key: value", the value plain or a double-quoted (JSON-compatible) scalar.
    private static string Value(string line)
    {
        var value = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        return value.StartsWith('"') ? JsonSerializer.Deserialize<string>(value)! : value;
    }
}
