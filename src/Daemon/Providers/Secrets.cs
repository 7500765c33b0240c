using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Providers;

/// <summary>Keeps keys out of anything we store or show: providers echo part of a refused key in their error text.</summary>
internal static partial class Secrets
{
    public static string Redact(string text, string? key)
    {
        if (!string.IsNullOrEmpty(key) && key.Length >= 4)
        {
            text = text.Replace(key, "***", StringComparison.Ordinal);
        }

        return KeyLike().Replace(text, "$1-***");
    }

    // OpenAI, DeepSeek and similar keys start with "sk-"; providers print them partly masked ("sk-abc1***wxyz").
    [GeneratedRegex(@"\b(sk|ak|key)-[A-Za-z0-9_\-\*\.]{4,}", RegexOptions.CultureInvariant)]
    private static partial Regex KeyLike();
}
