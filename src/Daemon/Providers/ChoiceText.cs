using System.Text;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// One choice of a streamed answer as it arrives: its text and reasoning (thinking in <c>&lt;think&gt;</c> tags taken out), and
/// its finish reason. Choice 0 is told to the row's sink as it comes; the others (a request with <c>n</c>) are only collected.
/// </summary>
internal sealed class ChoiceText(IChatDeltaSink sink)
{
    private readonly StringBuilder _answer = new();
    private readonly ThinkSplitter _think = new();
    private StringBuilder? _reasoning;

    public string? FinishReason { get; private set; }

    public bool Started => _answer.Length > 0 || _reasoning is not null;

    /// <summary>The characters received (answer and reasoning): how a total of completion tokens is shared among choices.</summary>
    public int Length => _answer.Length + (_reasoning?.Length ?? 0);

    public void Add(string? content, string? reasoning, string? finishReason)
    {
        if (reasoning is { Length: > 0 })
        {
            Emit(reasoning, string.Empty);
        }

        if (content is { Length: > 0 })
        {
            var (thought, said) = _think.Push(content);
            Emit(thought, said);
        }

        FinishReason = finishReason ?? FinishReason;
    }

    /// <summary>Ends the stream: what the splitter held back is emitted.</summary>
    public void Flush()
    {
        var (thought, said) = _think.Flush();
        Emit(thought, said);
    }

    public ChatAnswer ToAnswer(int? promptTokens, int? completionTokens, TimeSpan? firstToken, int choice = 0) =>
        new(_answer.ToString(), _reasoning?.ToString(), FinishReason, promptTokens, completionTokens, FirstToken: firstToken) { Choice = choice };

    private void Emit(string thought, string said)
    {
        if (thought.Length > 0)
        {
            (_reasoning ??= new StringBuilder()).Append(thought);
            sink.OnDelta(thought, reasoning: true);
        }

        if (said.Length > 0)
        {
            _answer.Append(said);
            sink.OnDelta(said, reasoning: false);
        }
    }
}
