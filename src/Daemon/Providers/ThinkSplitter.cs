using System.Text;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// Takes a reasoning model's thinking out of its answer where the model writes it inside the content, in a
/// <c>&lt;think&gt;...&lt;/think&gt;</c> block that opens the content (DeepSeek-R1 and Qwen3 served by some local engines), so it
/// is stored and streamed as reasoning, as <c>reasoning_content</c> would have been, and the answer is only the answer.
/// Content that does not open with the tag passes through untouched.
/// </summary>
internal sealed class ThinkSplitter
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    private readonly StringBuilder _held = new();
    private State _state;

    private enum State
    {
        Undecided,
        Thinking,
        AfterThinking,
        Answering,
    }

    /// <summary>One content delta in; what of it is reasoning and what is answer (either may be empty).</summary>
    public (string Reasoning, string Content) Push(string delta)
    {
        switch (_state)
        {
            case State.Answering:
                return (string.Empty, delta);
            case State.AfterThinking:
                var trimmed = delta.TrimStart();
                if (trimmed.Length > 0)
                {
                    _state = State.Answering;
                }

                return (string.Empty, trimmed);
        }

        _held.Append(delta);
        var text = _held.ToString();
        if (_state == State.Undecided)
        {
            var start = text.TrimStart();
            if (start.Length < Open.Length && Open.StartsWith(start, StringComparison.Ordinal))
            {
                return (string.Empty, string.Empty); // could still be the tag
            }

            _held.Clear();
            if (!start.StartsWith(Open, StringComparison.Ordinal))
            {
                _state = State.Answering;
                return (string.Empty, text);
            }

            _state = State.Thinking;
            text = start[Open.Length..];
            _held.Append(text);
        }

        var close = text.IndexOf(Close, StringComparison.Ordinal);
        if (close >= 0)
        {
            _held.Clear();
            _state = State.AfterThinking;
            var (_, answer) = Push(text[(close + Close.Length)..]);
            return (text[..close], answer);
        }

        // Keep back what may be the start of the closing tag; the rest is thinking.
        var keep = 0;
        for (var n = Math.Min(Close.Length - 1, text.Length); n > 0; n--)
        {
            if (Close.StartsWith(text[^n..], StringComparison.Ordinal))
            {
                keep = n;
                break;
            }
        }

        _held.Clear();
        _held.Append(text[^keep..]);
        return (text[..^keep], string.Empty);
    }

    /// <summary>At the end of the stream: what was held back (a tag never closed is all thinking).</summary>
    public (string Reasoning, string Content) Flush()
    {
        var held = _held.ToString();
        _held.Clear();
        return _state == State.Thinking ? (held, string.Empty) : (string.Empty, held);
    }
}
