using System.Text.Json;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Export;

/// <summary>
/// A conversation row in the fine-tuning formats: the whole conversation and the answer as its last assistant turn.
/// Images stay references (the path or URL the dataset gave), never inlined: OpenAI chat keeps its <c>image_url</c> parts;
/// ShareGPT and Alpaca list them in <c>images</c> with an <c>&lt;image&gt;</c> mark in their turn's text, as
/// LLaMA-Factory's multimodal sets have them. No <c>model</c> key, as for plain rows: none of these schemas has one and
/// OpenAI's uploader refuses what its schema does not name; the answer formats (jsonl, json, csv, xlsx) carry the model.
/// </summary>
internal static class ConversationTraining
{
    public static void Write(Utf8JsonWriter w, string format, ExportRecord r, ExportContext context)
    {
        var messages = ConversationJson.Parse(r.Question).ToList();
        if (!string.IsNullOrWhiteSpace(context.SystemPrompt) && !messages.Any(m => m.Role == ChatRole.System))
        {
            messages.Insert(0, new ChatMessage(ChatRole.System, context.SystemPrompt));
        }

        switch (format)
        {
            case ExportFormat.OpenAiChat:
                w.WriteStartArray("messages");
                foreach (var message in messages)
                {
                    w.WriteStartObject();
                    w.WriteString("role", message.RoleName);
                    ChatContentWriter.Write(w, message);
                    w.WriteEndObject();
                }

                Answer(w, "role", "assistant", "content", r);
                w.WriteEndArray();
                break;
            case ExportFormat.Alpaca:
                WriteAlpaca(w, messages, r);
                break;
            default:
                w.WriteStartArray("conversations");
                foreach (var message in messages)
                {
                    w.WriteStartObject();
                    w.WriteString("from", message.Role switch { ChatRole.System => "system", ChatRole.User => "human", _ => "gpt" });
                    w.WriteString("value", TrainingChat.MarkedText(message));
                    w.WriteEndObject();
                }

                Answer(w, "from", "gpt", "value", r);
                w.WriteEndArray();
                Images(w, messages);
                break;
        }
    }

    /// <summary>The last user turn's text: what a conversation row's <c>question</c> reads as where one text is wanted.</summary>
    /// <remarks>A conversation skipped for an empty last turn is stored as an empty question, not its JSON: its text is empty.</remarks>
    public static string LastUserText(string conversationJson) => string.IsNullOrWhiteSpace(conversationJson)
        ? string.Empty
        : ConversationJson.Parse(conversationJson).LastOrDefault(m => m.Role == ChatRole.User)?.Content ?? string.Empty;

    private static void WriteAlpaca(Utf8JsonWriter w, List<ChatMessage> messages, ExportRecord r)
    {
        var turns = messages.Where(m => m.Role != ChatRole.System).ToList();
        var last = turns.FindLastIndex(m => m.Role == ChatRole.User);
        w.WriteString("instruction", last >= 0 ? TrainingChat.MarkedText(turns[last]) : string.Empty);
        w.WriteString("input", string.Empty);
        w.WriteString("output", r.Answer);
        w.WriteString("system", string.Join("\n\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Content)));
        w.WriteStartArray("history");
        for (var i = 0; i < last; i++)
        {
            // A user turn and the assistant turn after it make a pair; a user turn with no reply pairs with an empty one.
            if (turns[i].Role != ChatRole.User)
            {
                continue;
            }

            w.WriteStartArray();
            w.WriteStringValue(TrainingChat.MarkedText(turns[i]));
            w.WriteStringValue(i + 1 < last && turns[i + 1].Role == ChatRole.Assistant ? turns[i + 1].Content : string.Empty);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        Images(w, messages);
    }

    private static void Answer(Utf8JsonWriter w, string roleKey, string role, string textKey, ExportRecord r)
    {
        w.WriteStartObject();
        w.WriteString(roleKey, role);
        w.WriteString(textKey, r.Answer);
        w.WriteEndObject();
    }

    private static void Images(Utf8JsonWriter w, List<ChatMessage> messages)
    {
        var images = messages.SelectMany(m => m.Parts ?? []).Where(p => p.IsImage).Select(p => p.ImageUrl!).ToList();
        if (images.Count == 0)
        {
            return;
        }

        w.WriteStartArray("images");
        foreach (var image in images)
        {
            w.WriteStringValue(image);
        }

        w.WriteEndArray();
    }
}
