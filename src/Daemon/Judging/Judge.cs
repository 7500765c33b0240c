using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Structured;

namespace BatchAi.Daemon.Judging;

/// <summary>
/// A job's judge: its rubric and scale, and the verdict's schema built once. Asking goes through the Structured stage's
/// <see cref="Reasker"/>: a verdict that is not the schema's object, or whose score is outside 1..scale (the schema's
/// bounds), is asked again with the errors, up to <see cref="MaxReasks"/>; after that the answer is left unjudged with the
/// judge's error.
/// </summary>
internal sealed class Judge
{
    private readonly AnswerSchema _schema;

    public Judge(string? rubric, int? scale, int maxReasks = Reasker.DefaultMaxReasks)
    {
        Rubric = JudgeRubric.Of(rubric);
        Scale = scale ?? JudgePrompt.DefaultScale;
        MaxReasks = maxReasks;
        _schema = AnswerSchema.Parse(Verdict.Schema(Scale));
    }

    /// <summary>The lowest top of a scale: a scale of one score tells nothing apart.</summary>
    public const int MinScale = 2;

    /// <summary>The highest: a judge's finer grades are noise.</summary>
    public const int MaxScale = 100;

    /// <summary>The verdict's tokens at most: a score and a sentence, with room for a verbose judge.</summary>
    public const int MaxVerdictTokens = 512;

    public JudgeRubric Rubric { get; }

    public int Scale { get; }

    public int MaxReasks { get; }

    /// <summary>The judge's request for one answer to <paramref name="question"/>.</summary>
    public ChatRequest Request(IReadOnlyList<ChatMessage> question, string answer, string? reference) =>
        JudgePrompt.Build(Rubric, Scale, question, answer, reference, MaxVerdictTokens);

    /// <summary>Asks the judge (re-asking an invalid verdict) through <paramref name="send"/>.</summary>
    public async Task<JudgeOutcome> AskAsync(ChatRequest request, Func<ChatRequest, CancellationToken, Task<ChatAnswer>> send, CancellationToken cancellationToken)
    {
        var asked = await Reasker.AskAsync(request, _schema, MaxReasks, send, null, cancellationToken).ConfigureAwait(false);
        if (asked.Check.IsValid && Verdict.Read(asked.Last.Answer) is { } verdict)
        {
            return new JudgeOutcome(verdict, null, asked.PromptTokens, asked.CompletionTokens, asked.Reasks);
        }

        return new JudgeOutcome(null, $"the judge's verdict is not valid after {asked.Reasks} re-ask{(asked.Reasks == 1 ? "" : "s")}: {asked.Check.Summary}",
            asked.PromptTokens, asked.CompletionTokens, asked.Reasks);
    }
}
