using System.Text;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Judging;

/// <summary>
/// The judge's request: an ordinary chat completion, as real judges are (OpenAI's graders, MT-Bench's and promptfoo's
/// llm-rubric are all a chat request with a rubric and a JSON reply). The system message says what to score and how; the
/// user message shows the question as the assistant got it (system prompt included), the reference answer when the
/// rubric has one, and the answer, each between fixed markers; the verdict is asked for as a JSON Schema
/// (<see cref="Verdict.Schema"/>), which the endpoint's dialect sends as <c>json_schema</c> or as an instruction.
/// </summary>
internal static class JudgePrompt
{
    /// <summary>
    /// The first line of every judge's system message. Our simulator (<c>src/Simulator</c>) knows a judge's request by it
    /// and reads the answer between <see cref="AnswerStart"/> and <see cref="AnswerEnd"/>; a test keeps the two in step.
    /// </summary>
    public const string Marker = "You are an impartial judge scoring one answer of an AI assistant.";

    public const string QuestionStart = "[The Start of the Question]";
    public const string QuestionEnd = "[The End of the Question]";
    public const string ReferenceStart = "[The Start of the Reference Answer]";
    public const string ReferenceEnd = "[The End of the Reference Answer]";
    public const string AnswerStart = "[The Start of the Answer]";
    public const string AnswerEnd = "[The End of the Answer]";

    /// <summary>The JSON Schema's name on the wire (<c>json_schema.name</c>).</summary>
    public const string SchemaName = "verdict";

    public const int DefaultScale = 10;

    /// <summary>Images in the question are this mark in its text: the judge scores the answer's words, not the picture.</summary>
    public const string ImageMark = "[image]";

    /// <param name="question">The messages the answer was asked with (system prompt first, if any), as sent.</param>
    /// <param name="reference">The row's reference answer (a job's <c>referenceColumn</c>), shown to any rubric; <c>correctness</c> always has one.</param>
    /// <param name="maxTokens">The cap on the verdict's tokens: it is a short object, so a small cap keeps a rambling judge cheap.</param>
    public static ChatRequest Build(JudgeRubric rubric, int scale, IReadOnlyList<ChatMessage> question, string answer, string? reference,
        int? maxTokens = null)
    {
        var system = new StringBuilder(Marker).Append('\n')
            .Append("Read the question (the conversation as the assistant received it, its system prompt included)")
            .Append(rubric.NeedsReference || reference is not null ? ", the reference answer" : string.Empty)
            .Append(" and the answer, then score the answer on a scale of 1 to ").Append(scale)
            .Append(", 1 the worst and ").Append(scale).Append(" the best. Judge only by this criterion:\n")
            .Append(rubric.Criterion).Append('\n')
            .Append("Reply with one JSON object only: {\"score\": <a whole number from 1 to ").Append(scale)
            .Append(">, \"reason\": \"<one sentence saying why>\"}.");

        var user = new StringBuilder(QuestionStart).Append('\n');
        foreach (var message in question)
        {
            var text = message.Images == 0 ? message.Content : string.Concat(Enumerable.Repeat(ImageMark + " ", message.Images)) + message.Content;
            user.Append(message.RoleName).Append(": ").Append(text).Append('\n');
        }

        user.Append(QuestionEnd).Append("\n\n");
        if (rubric.NeedsReference || reference is not null)
        {
            user.Append(ReferenceStart).Append('\n').Append(reference ?? string.Empty).Append('\n').Append(ReferenceEnd).Append("\n\n");
        }

        user.Append(AnswerStart).Append('\n').Append(answer).Append('\n').Append(AnswerEnd);

        // Temperature 0: a judge's score should be the same each time the same answer is asked, and cacheable as such.
        return new ChatRequest([new ChatMessage(ChatRole.System, system.ToString()), new ChatMessage(ChatRole.User, user.ToString())], 0, maxTokens)
        {
            ResponseFormat = new ResponseFormat(SchemaName, Verdict.Schema(scale)),
        };
    }
}
