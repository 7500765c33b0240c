using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Export;

/// <summary>YAML scalars for a dataset card's front matter: plain when that cannot be misread, else double-quoted.</summary>
internal static partial class YamlText
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A JSON string is a valid YAML double-quoted scalar (its escapes are a subset of YAML's), so any column name, Chinese or
    /// with colons and quotes, is written safely; a word YAML would read as a boolean or null is quoted too.
    /// </summary>
    public static string Scalar(string value) =>
        PlainWord().IsMatch(value) && !Reserved.Contains(value, StringComparer.OrdinalIgnoreCase) ? value : JsonSerializer.Serialize(value, Quoting);

    private static readonly string[] Reserved = ["true", "false", "yes", "no", "on", "off", "y", "n", "null"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainWord();
}
