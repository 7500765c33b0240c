using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The questions in what a model really returns when asked for a list: a JSON array (bare, inside a
/// <c>```json</c> fence, of strings or of objects with a question field, or under a key such as
/// <c>questions</c>), or a list in any common form (<c>1.</c>, <c>1、</c>, <c>1)</c>, <c>(1)</c>, <c>**1.**</c>,
/// <c>- </c>, <c>* </c>, <c>Q1:</c>, <c>一、</c>), with preambles, headings and closing remarks left out.
/// </summary>
internal static partial class QuestionListParser
{
    private static readonly string[] QuestionFields = ["question", "q", "text", "prompt", "content", "问题", "题目"];

    public static IReadOnlyList<string> Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return [];
        }

        // Reasoning models sometimes inline their thinking; it is never part of the list.
        var text = Think().Replace(reply, string.Empty);
        return FromJson(text) ?? FromLines(text);
    }

    private static List<string>? FromJson(string text)
    {
        foreach (var candidate in JsonCandidates(text))
        {
            try
            {
                using var document = JsonDocument.Parse(candidate, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var found = FromElement(document.RootElement);
                if (found is { Count: > 0 })
                {
                    return found;
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }

    private static IEnumerable<string> JsonCandidates(string text)
    {
        foreach (Match fence in Fence().Matches(text))
        {
            yield return fence.Groups["body"].Value;
        }

        var open = text.IndexOf('[', StringComparison.Ordinal);
        var close = text.LastIndexOf(']');
        if (open >= 0 && close > open)
        {
            yield return text[open..(close + 1)];
        }

        var brace = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (brace >= 0 && end > brace)
        {
            yield return text[brace..(end + 1)];
        }
    }

    private static List<string>? FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            // {"questions": [...]} and the like: the first array property.
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    return FromElement(property.Value);
                }
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var questions = new List<string>();
        foreach (var item in element.EnumerateArray())
        {
            var value = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => FieldOf(item),
                _ => null,
            };
            if (Tidy(value) is { } question)
            {
                questions.Add(question);
            }
        }

        return questions;
    }

    private static string? FieldOf(JsonElement item)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (QuestionFields.Contains(property.Name, StringComparer.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
            {
                return property.Value.GetString();
            }
        }

        return null;
    }

    private static List<string> FromLines(string text)
    {
        var numbered = new List<string>();
        var chineseNumbered = new List<string>();
        var loose = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim().TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var match = Item().Match(line);
            if (match.Success)
            {
                if (Tidy(match.Groups["q"].Value) is { } item && !IsHeading(item))
                {
                    (match.Groups["cn"].Success ? chineseNumbered : numbered).Add(item);
                }
            }
            else if (EndsAsQuestion(line) && Tidy(line) is { } plain)
            {
                loose.Add(plain);
            }
        }

        // 一、 usually heads a section of numbered questions; it holds the questions only when nothing else is numbered.
        return numbered.Count > 0 ? numbered : chineseNumbered.Count > 0 ? chineseNumbered : loose;
    }

    /// <summary>A list item that introduces others ("**Basics**", "Storage:") rather than asking something.</summary>
    private static bool IsHeading(string item) =>
        !EndsAsQuestion(item) && (item.EndsWith(':') || item.EndsWith('：') || (HasCjk(item) ? item.Length <= 6 : item.Length <= 12 && !item.Contains(' ', StringComparison.Ordinal)));

    private static bool EndsAsQuestion(string line) => line.TrimEnd('*', '"', '”', '」', ' ').EndsWith('?') || line.TrimEnd('*', '"', '”', '」', ' ').EndsWith('？');

    private static bool HasCjk(string text) => text.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    /// <summary>The question without the emphasis, quotes and spaces a list wraps it in; null when nothing is left.</summary>
    private static string? Tidy(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var text = value.Trim();
        for (var changed = true; changed && text.Length > 0;)
        {
            var before = text;
            text = text.Trim().Trim('*').Trim();
            if (text.Length >= 2 && IsQuotePair(text[0], text[^1]))
            {
                text = text[1..^1];
            }

            changed = text != before;
        }

        return text.Length == 0 ? null : text;
    }

    private static bool IsQuotePair(char open, char close) =>
        (open, close) is ('"', '"') or ('“', '”') or ('「', '」') or ('『', '』') or ('\'', '\'') or ('`', '`');

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Think();

    [GeneratedRegex(@"```[a-zA-Z]*[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    // A list marker, optionally in bold, then the item: 1. 1、 1) 1） (1) （1） 1: **1.** - * • Q1: 问题1： 一、
    [GeneratedRegex(
        @"^(?:\*\*)?\s*(?:(?<cn>[一二三四五六七八九十百]+\s*[、.．])|(?:[(（]\s*\d{1,5}\s*[)）])|(?:\d{1,5}\s*(?:[.、)）:：．]|\s-)(?!\d))|(?:[-*•·]\s)|(?:(?:Q|问题|问)\s*\d{1,5}\s*[.:：、)）]?))\s*(?:\*\*)?\s*(?<q>.+)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Item();
}
