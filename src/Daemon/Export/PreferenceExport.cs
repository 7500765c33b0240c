using System.Text.Json;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Export;

/// <summary>
/// Preference pairs for DPO-style training from a judged job's rows (<see cref="PreferencePair"/>: each row's best answer
/// against its worst, where the scores differ by the margin), as JSONL:
/// <list type="bullet">
/// <item><c>preference</c>: TRL's preference dataset, <c>prompt</c>/<c>chosen</c>/<c>rejected</c>. Its standard form (three
/// strings) cannot carry a system prompt or earlier turns, so a job with a system prompt or conversation rows is written in
/// TRL's conversational form instead (<c>prompt</c> a list of messages, <c>chosen</c> and <c>rejected</c> one assistant
/// message each), which TRL's trainers render with the model's chat template; the form is chosen once for the whole file, as
/// a dataset's columns have one type.</item>
/// <item><c>openai-preference</c>: OpenAI's preference fine-tuning JSONL, <c>{"input":{"messages":[...]},
/// "preferred_output":[assistant], "non_preferred_output":[assistant]}</c>.</item>
/// </list>
/// Rows without a pair are listed in the excluded file with the reason and every answer's score.
/// </summary>
internal static class PreferenceExport
{
    public static async Task<long> WriteAsync(Stream stream, string format, IAsyncEnumerable<ExportRecord> records, ExportContext context,
        Stream excludedStream, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var excluded = new ExcludedRow(excludedStream);
        await using var writer = new Utf8JsonWriter(stream, ExportRecordJson.WriterOptions(indented: false));
        var conversational = !string.IsNullOrWhiteSpace(context.SystemPrompt) || context.Kinds?.Conversations == true;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            var (pair, reason) = TrainingRow.ExclusionReason(record) is { } failed && record.Answers is null
                ? (null, failed)
                : PreferencePair.Of(record.Answers, context.Margin, context.MinScore);
            if (pair is null)
            {
                await excluded.WriteAsync(record, reason!, null, record.Answers, cancellationToken);
                continue;
            }

            var prompt = TrainingChat.Of(record with { Answer = null }, context.SystemPrompt);
            if (format == ExportFormat.OpenAiPreference)
            {
                WriteOpenAi(writer, record, context, pair);
            }
            else if (conversational)
            {
                WriteConversational(writer, prompt, pair);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteString("prompt", prompt.Question);
                writer.WriteString("chosen", pair.Chosen.Answer);
                writer.WriteString("rejected", pair.Rejected.Answer);
                writer.WriteEndObject();
            }

            count++;
            await writer.FlushAsync(cancellationToken);
            stream.WriteByte((byte)'\n');
            writer.Reset();
        }

        return count;
    }

    private static void WriteConversational(Utf8JsonWriter w, TrainingChat prompt, PreferencePair pair)
    {
        w.WriteStartObject();
        w.WriteStartArray("prompt");
        foreach (var turn in prompt.Messages)
        {
            Message(w, turn.Role, turn.Content);
        }

        w.WriteEndArray();
        if (prompt.Images.Count > 0)
        {
            // TRL's vision preference sets keep the images beside the messages, each an <image> mark in its turn.
            w.WriteStartArray("images");
            foreach (var image in prompt.Images)
            {
                w.WriteStringValue(image);
            }

            w.WriteEndArray();
        }

        Answer(w, "chosen", pair.Chosen);
        Answer(w, "rejected", pair.Rejected);
        w.WriteEndObject();
    }

    private static void WriteOpenAi(Utf8JsonWriter w, ExportRecord r, ExportContext context, PreferencePair pair)
    {
        IReadOnlyList<ChatMessage> messages = !r.Conversation ? [new ChatMessage(ChatRole.User, r.Question)] : ConversationJson.Parse(r.Question);
        if (!string.IsNullOrWhiteSpace(context.SystemPrompt) && !messages.Any(m => m.Role == ChatRole.System))
        {
            messages = [new ChatMessage(ChatRole.System, context.SystemPrompt), .. messages];
        }

        w.WriteStartObject();
        w.WriteStartObject("input");
        ChatContentWriter.WriteMessages(w, messages);
        w.WriteEndObject();
        Answer(w, "preferred_output", pair.Chosen);
        Answer(w, "non_preferred_output", pair.Rejected);
        w.WriteEndObject();
    }

    private static void Answer(Utf8JsonWriter w, string name, ExportAnswer answer)
    {
        w.WriteStartArray(name);
        Message(w, "assistant", answer.Answer!);
        w.WriteEndArray();
    }

    private static void Message(Utf8JsonWriter w, string role, string content)
    {
        w.WriteStartObject();
        w.WriteString("role", role);
        w.WriteString("content", content);
        w.WriteEndObject();
    }
}
