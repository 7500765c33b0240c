using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BatchAi.Simulator.Text;

/// <summary>
/// The simulator as an LLM judge. Real judges (OpenAI's graders, MT-Bench, promptfoo's llm-rubric) are plain chat
/// completions: a rubric in the system message, the question and answer in the user message, a JSON verdict back, with
/// <c>response_format</c> where the provider takes it. So here a judge's request is an ordinary one, known by the first
/// line of the daemon's judge prompt (a daemon test keeps it the same), and its verdict is deterministic: the score a
/// <c>[[sim:judge:S0,S1,...]]</c> directive in the judged question gives the answer's sample (sample k gets Sk, the last
/// one past the list's end; a score out of the scale is sent as is, as a model told the bounds in words may), else a hash
/// of the answer mapped onto the scale.
/// </summary>
internal static partial class JudgeText
{
    /// <summary>The first line of the daemon's judge system message.</summary>
    public const string Marker = "You are an impartial judge scoring one answer of an AI assistant.";

    public const string QuestionStart = "[The Start of the Question]";
    public const string QuestionEnd = "[The End of the Question]";
    public const string AnswerStart = "[The Start of the Answer]";
    public const string AnswerEnd = "[The End of the Answer]";

    /// <summary>The verdict's JSON, or null when the request is not a judge's.</summary>
    /// <param name="systemPrompt">The request's first system message.</param>
    /// <param name="judgeMessage">Its first user message (a re-ask's last one is the follow-up).</param>
    public static string? Reply(string? systemPrompt, string judgeMessage)
    {
        if (systemPrompt is null || !systemPrompt.StartsWith(Marker, StringComparison.Ordinal))
        {
            return null;
        }

        var scale = ScaleMatch().Match(systemPrompt) is { Success: true } m ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 10;
        var question = Between(judgeMessage, QuestionStart, QuestionEnd);
        var answer = Between(judgeMessage, AnswerStart, AnswerEnd);
        var score = ScoreFor(question, answer, scale);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["score"] = score,
            ["reason"] = $"Simulated judge: {score} of {scale} for \"{AnswerText.Echo(answer)}\".",
        });
    }

    /// <summary>The score the simulator gives <paramref name="answer"/> to <paramref name="question"/> on a scale of 1 to <paramref name="scale"/>.</summary>
    public static int ScoreFor(string question, string answer, int scale)
    {
        if (Directive().Match(question) is { Success: true } directive)
        {
            var scores = directive.Groups["scores"].Value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            return scores[Math.Min(SampleOf(answer), scores.Count - 1)];
        }

        return 1 + (int)(StableHash.Of("judge\n" + answer) % (ulong)Math.Max(1, scale));
    }

    // Which sample of its row an answer is: the simulator's answers to samples after the first say so (see AnswerText).
    private static int SampleOf(string answer) =>
        SampleMark().Match(answer) is { Success: true } m ? int.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture) : 0;

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.LastIndexOf(end, StringComparison.Ordinal);
        return from < 0 || to < from ? text : text[(from + start.Length)..to].Trim('\n');
    }

    [GeneratedRegex(@"\(sample (?<k>\d{1,3})\)", RegexOptions.CultureInvariant)]
    private static partial Regex SampleMark();

    [GeneratedRegex(@"scale of 1 to (?<n>\d{1,4})", RegexOptions.CultureInvariant)]
    private static partial Regex ScaleMatch();

    [GeneratedRegex(@"\[\[sim:judge:(?<scores>-?\d{1,4}(?:,-?\d{1,4})*)\]\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Directive();
}
