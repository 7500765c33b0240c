using System.Text.Json;

namespace BatchAi.Daemon.Judging;

/// <summary>The judge's verdict on one answer: a whole score from 1 to the scale, and why.</summary>
internal sealed record Verdict(int Score, string Reason)
{
    /// <summary>
    /// The JSON Schema of a verdict on a scale of 1 to <paramref name="scale"/>: the range is in the schema, so an
    /// out-of-range score fails validation like a missing field and is asked again with the same machinery. Every field
    /// required and no other, which is also what OpenAI's strict mode asks of a schema.
    /// </summary>
    public static string Schema(int scale) =>
        "{\"type\":\"object\",\"properties\":{\"score\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":" + scale
        + "},\"reason\":{\"type\":\"string\"}},\"required\":[\"score\",\"reason\"],\"additionalProperties\":false}";

    /// <summary>The verdict in a validated answer (<see cref="Structured.AnswerJson"/>: the JSON, fenced or not).</summary>
    public static Verdict? Read(string answer)
    {
        using var document = Structured.AnswerJson.TryParse(answer);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("score", out var score) || score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out var value)
            || value != Math.Floor(value) || value is < int.MinValue or > int.MaxValue
            || !root.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        // 7.0 is a whole number to JSON Schema's "integer" as to us.
        return new Verdict((int)value, reason.GetString()!.Trim());
    }
}
