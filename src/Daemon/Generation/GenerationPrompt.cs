using System.Text;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The request for one batch: the seed, how many questions and in what form, an angle that differs from batch to
/// batch (so batches sent at once do not all ask the same), and, once questions are accepted, what is already
/// covered: the themes that recur most and a sample of the questions, within a token bound, so that later batches
/// go elsewhere instead of rewording what is there.
/// </summary>
internal static class GenerationPrompt
{
    /// <summary>Tokens the "already covered" part may take (o200k count), whatever the set's size.</summary>
    public const int CoveredTokenBudget = 600;

    private const int QuoteChars = 80;

    private static readonly string[] Angles =
    [
        "basic facts and definitions", "practical how-to questions", "comparisons between options", "common mistakes and troubleshooting",
        "unusual cases and exceptions", "causes and reasons (why)", "history and background", "numbers, limits and specifics",
        "advanced, expert-level questions", "real situations a person might be in", "planning and decisions", "safety, risks and costs",
    ];

    public static string Build(string seed, int count, long batch, CoveredQuestions covered)
    {
        var text = new StringBuilder(seed.Trim()).Append("\n\n---\n");
        text.Append("Write ").Append(count).Append(" new questions for the request above, each one self-contained and different from the others. ");
        text.Append("In this batch, lean towards: ").Append(Angles[batch % Angles.Length]).Append(".\n");
        text.Append("Write them in the language of the request. Reply with a JSON array of strings only, e.g. [\"...\", \"...\"].");
        if (covered.Count > 0)
        {
            var coveredFrom = text.Length;
            var themes = covered.Themes;
            text.Append("\n\n").Append(covered.Count).Append(" questions exist already. Do not repeat or reword them; cover other sub-topics and angles.");
            if (themes.Count > 0)
            {
                text.Append("\nThemes covered most so far (move away from them): ").Append(string.Join(", ", themes)).Append('.');
            }

            text.Append("\nSome of the existing questions:");
            var budget = CoveredTokenBudget - TokenEstimator.Count(text.ToString(coveredFrom, text.Length - coveredFrom));
            foreach (var question in covered.Sample)
            {
                var line = "\n- " + (question.Length > QuoteChars ? question[..QuoteChars] + "…" : question);
                budget -= TokenEstimator.Count(line);
                if (budget < 0)
                {
                    break;
                }

                text.Append(line);
            }
        }

        return text.ToString();
    }
}
