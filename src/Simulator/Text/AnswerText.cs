using System.Text;

namespace BatchAi.Simulator.Text;

/// <summary>Deterministic answer and reasoning text, derived only from the question.</summary>
internal static class AnswerText
{
    // The question is echoed so a reader can see which row an answer belongs to; capped so long
    // prompts don't make answers (and benchmarks) balloon.
    private const int EchoLimit = 60;
    private const int MinReasoningWords = 6;
    private const int MaxReasoningWords = 16;

    private static readonly string[] Words =
    [
        "the", "data", "shows", "a", "clear", "pattern", "which", "suggests", "that", "careful",
        "analysis", "of", "each", "row", "is", "worth", "it", "because", "results", "vary",
        "across", "batches", "and", "models", "so", "we", "should", "consider", "context", "before",
        "drawing", "conclusions", "about", "quality", "latency", "cost", "or", "accuracy", "in", "practice",
        "most", "answers", "are", "short", "but", "some", "need", "more", "detail", "to",
        "explain", "why", "this", "matters", "for", "users", "who", "rely", "on", "consistent",
        "output", "over", "time", "overall",
    ];

    /// <param name="sample">Which draw: 0 is the answer any request gets; another (a request's <c>seed</c>, or its choice with <c>n</c>) is
    /// a distinct answer of its own, the same whether asked alone or as a choice.</param>
    public static string Answer(string question, int minWords, int maxWords, int sample = 0)
    {
        minWords = Math.Max(0, minWords);
        maxWords = Math.Max(minWords, maxWords);
        return sample == 0
            ? Compose("Simulated answer to", "answer\n" + question, question, minWords, maxWords)
            : Compose($"Simulated answer (sample {sample}) to", $"answer\n{question}\nsample {sample}", question, minWords, maxWords);
    }

    public static string Reasoning(string question) =>
        Compose("Reasoning about", "reasoning\n" + question, question, MinReasoningWords, MaxReasoningWords);

    private static string Compose(string lead, string seedText, string question, int minWords, int maxWords)
    {
        var random = new SplitMix64(StableHash.Of(seedText));
        var count = minWords + random.NextInt(maxWords - minWords + 1);
        var text = new StringBuilder(lead).Append(" \"").Append(Echo(question)).Append("\":");
        for (var i = 0; i < count; i++)
        {
            text.Append(' ').Append(Words[random.NextInt(Words.Length)]);
        }
        return count > 0 ? text.Append('.').ToString() : text.ToString();
    }

    // One line, whitespace collapsed, so the echo streams as ordinary word pieces.
    internal static string Echo(string question)
    {
        var collapsed = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length <= EchoLimit)
        {
            return collapsed;
        }
        var cut = char.IsHighSurrogate(collapsed[EchoLimit - 1]) ? EchoLimit - 1 : EchoLimit;
        return collapsed[..cut] + "…";
    }
}
