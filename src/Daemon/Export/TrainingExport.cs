using System.Text.Json;

namespace BatchAi.Daemon.Export;

/// <summary>
/// The fine-tuning formats people train with: OpenAI chat messages (JSONL), Alpaca and ShareGPT (JSON arrays).
/// Rows that are not complete answers are never mixed in: they go to a separate file with the reason.
/// </summary>
internal static class TrainingExport
{
    public static async Task<long> WriteAsync(Stream stream, string format, IAsyncEnumerable<ExportRecord> records, ExportContext context,
        Stream excludedStream, CancellationToken cancellationToken)
    {
        long count = 0;
        await using var excluded = new ExcludedRow(excludedStream);
        var lines = format == ExportFormat.OpenAiChat;
        await using var writer = new Utf8JsonWriter(stream, ExportRecordJson.WriterOptions(indented: !lines));
        if (!lines)
        {
            writer.WriteStartArray();
        }

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (TrainingRow.ExclusionReason(record) is { } reason)
            {
                await excluded.WriteAsync(record, reason, null, null, cancellationToken);
                continue;
            }

            // An example is one slot's answer (a row as stored, slot 0's): kept only when the judge scored it at least the minimum,
            // else listed with its verdict.
            var judged = record.Example ?? record.Answers?.FirstOrDefault(a => a.Slot == 0);
            if (ScoreFilter.ExclusionReason(judged, context.MinScore) is { } low)
            {
                await excluded.WriteAsync(record, low, judged, null, cancellationToken);
                continue;
            }

            WriteRecord(writer, format, record, context);
            count++;
            if (lines)
            {
                await writer.FlushAsync(cancellationToken);
                stream.WriteByte((byte)'\n');
                writer.Reset();
            }
            else if (writer.BytesPending > 64 * 1024)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        if (!lines)
        {
            writer.WriteEndArray();
            await writer.FlushAsync(cancellationToken);
            stream.WriteByte((byte)'\n');
        }

        return count;
    }

    private static void WriteRecord(Utf8JsonWriter w, string format, ExportRecord r, ExportContext context)
    {
        var system = string.IsNullOrWhiteSpace(context.SystemPrompt) ? null : context.SystemPrompt;
        w.WriteStartObject();
        if (r.Conversation)
        {
            ConversationTraining.Write(w, format, r, context);
            WriteReasoning(w, r, context);
            w.WriteEndObject();
            return;
        }

        if (format == ExportFormat.Alpaca)
        {
            w.WriteString("instruction", r.Question);
            w.WriteString("input", string.Empty);
            w.WriteString("output", r.Answer);
            w.WriteString("system", system ?? string.Empty);
            w.WriteStartArray("history");
            w.WriteEndArray();
        }
        else
        {
            // OpenAI's messages and ShareGPT's conversations are one list of turns under other names.
            var (list, roleKey, textKey, user, assistant) = format == ExportFormat.OpenAiChat
                ? ("messages", "role", "content", "user", "assistant")
                : ("conversations", "from", "value", "human", "gpt");
            w.WriteStartArray(list);
            if (system is not null)
            {
                Turn(w, roleKey, "system", textKey, system);
            }

            Turn(w, roleKey, user, textKey, r.Question);
            Turn(w, roleKey, assistant, textKey, r.Answer!);
            w.WriteEndArray();
        }

        WriteReasoning(w, r, context);
        w.WriteEndObject();
    }

    private static void WriteReasoning(Utf8JsonWriter w, ExportRecord r, ExportContext context)
    {
        if (context.KeepReasoning && r.Reasoning is { Length: > 0 } reasoning)
        {
            w.WriteString("reasoning", reasoning);
        }
    }

    private static void Turn(Utf8JsonWriter w, string roleKey, string role, string textKey, string text)
    {
        w.WriteStartObject();
        w.WriteString(roleKey, role);
        w.WriteString(textKey, text);
        w.WriteEndObject();
    }
}
