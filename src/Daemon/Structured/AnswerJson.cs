using System.Text.Json;

namespace BatchAi.Daemon.Structured;

/// <summary>
/// The JSON in an answer: the text itself, or inside a Markdown code fence, which models asked by instruction often add
/// although told not to. Validation and the exports read the answer through this one rule, so they agree on what it holds.
/// </summary>
internal static class AnswerJson
{
    public static ReadOnlySpan<char> Text(string answer)
    {
        var text = answer.AsSpan().Trim();
        if (!text.StartsWith("```"))
        {
            return text;
        }

        var firstLine = text.IndexOf('\n');
        var body = firstLine < 0 ? [] : text[(firstLine + 1)..].TrimEnd();
        return body.EndsWith("```") ? body[..^3].Trim() : body;
    }

    /// <summary>The answer parsed, or null when it is not JSON (its row failed, or was answered before the job asked for a schema).</summary>
    public static JsonDocument? TryParse(string? answer)
    {
        if (answer is null)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(Text(answer).ToString());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
