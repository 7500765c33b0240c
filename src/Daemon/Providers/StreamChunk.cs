using System.Text.Json;

namespace BatchAi.Daemon.Providers;

/// <summary>
/// The fields of one <c>chat.completion.chunk</c> event that a job uses, read straight from the event's bytes.
/// The SDK's streaming model builds a tree of objects per event (about 2.4 KB each, one event per token); at
/// thousands of rows a second that garbage was the daemon's largest CPU cost (docs/benchmarks.md).
/// </summary>
/// <param name="Index">The choice the content belongs to (<c>choices[0].index</c>): 0 unless the request asked for several (<c>n</c>).</param>
/// <param name="Others">Any further choices the same event carried (most providers send one choice per event), else null.</param>
internal readonly record struct StreamChunk(string? Content, string? Reasoning, string? FinishReason, int? PromptTokens, int? CompletionTokens, string? Error, bool Done,
    int Index = 0, IReadOnlyList<ChoiceDelta>? Others = null)
{
    private static readonly StreamChunk DoneChunk = new(null, null, null, null, null, null, Done: true);

    /// <summary>Reads one server-sent event's data; <c>[DONE]</c> ends the stream. Throws <see cref="JsonException"/> on data that is not a JSON object.</summary>
    public static StreamChunk Parse(ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return DoneChunk;
        }

        string? content = null, reasoning = null, finish = null, error = null;
        int? prompt = null, completion = null;
        var index = 0;
        List<ChoiceDelta>? others = null;
        var reader = new Utf8JsonReader(data);
        Expect(ref reader, JsonTokenType.StartObject);
        while (Property(ref reader, out var name))
        {
            if (name.SequenceEqual("choices"u8) && reader.TokenType == JsonTokenType.StartArray)
            {
                // Each choice by its index: a request with n streams every choice's deltas, usually one choice per event.
                var first = true;
                while (true)
                {
                    Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        break;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                    }
                    else if (first)
                    {
                        index = ReadChoice(ref reader, ref content, ref reasoning, ref finish);
                        first = false;
                    }
                    else
                    {
                        string? c = null, r = null, f = null;
                        var i = ReadChoice(ref reader, ref c, ref r, ref f);
                        (others ??= []).Add(new ChoiceDelta(i, c, r, f));
                    }
                }
            }
            else if (name.SequenceEqual("usage"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (Property(ref reader, out var field))
                {
                    if (field.SequenceEqual("prompt_tokens"u8) && reader.TokenType == JsonTokenType.Number)
                    {
                        prompt = reader.GetInt32();
                    }
                    else if (field.SequenceEqual("completion_tokens"u8) && reader.TokenType == JsonTokenType.Number)
                    {
                        completion = reader.GetInt32();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (name.SequenceEqual("error"u8))
            {
                // Some providers report a failure inside a stream that began with 200.
                error = ErrorMessage(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new StreamChunk(content, reasoning, finish, prompt, completion, error, Done: false, index, others);
    }

    // Returns the choice's index (0 when it names none).
    private static int ReadChoice(ref Utf8JsonReader reader, ref string? content, ref string? reasoning, ref string? finish)
    {
        var index = 0;
        while (Property(ref reader, out var name))
        {
            if (name.SequenceEqual("index"u8) && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i))
            {
                index = i;
                continue;
            }

            if (name.SequenceEqual("delta"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (Property(ref reader, out var field))
                {
                    if (field.SequenceEqual("content"u8) && reader.TokenType == JsonTokenType.String)
                    {
                        content = reader.GetString();
                    }
                    // DeepSeek, Ark, vLLM and others stream a reasoning model's thinking here.
                    else if ((field.SequenceEqual("reasoning_content"u8) || field.SequenceEqual("reasoning"u8)) && reader.TokenType == JsonTokenType.String)
                    {
                        reasoning = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (name.SequenceEqual("finish_reason"u8) && reader.TokenType == JsonTokenType.String)
            {
                finish = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return index;
    }

    private static string ErrorMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString() ?? "error";
        }

        string? message = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (Property(ref reader, out var field))
            {
                if (field.SequenceEqual("message"u8) && reader.TokenType == JsonTokenType.String)
                {
                    message = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else
        {
            reader.Skip();
        }

        return message ?? "the provider reported an error without a message";
    }

    // Moves to the next property's value; false at the end of the object. The name is only valid until the next read.
    private static bool Property(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = default;
            return false;
        }

        if (reader.ValueIsEscaped)
        {
            var unescaped = new byte[reader.ValueSpan.Length];
            name = unescaped.AsSpan(0, reader.CopyString(unescaped));
        }
        else
        {
            name = reader.ValueSpan;
        }
        Read(ref reader);
        return true;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        Read(ref reader);
        if (reader.TokenType != type)
        {
            throw new JsonException($"expected {type}, found {reader.TokenType}");
        }
    }

    private static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the event ends in the middle of its JSON");
        }
    }
}
