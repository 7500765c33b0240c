using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchAi.Daemon.Export;

/// <summary>Writes one <see cref="ExportRecord"/> as a camelCase JSON object.</summary>
internal static class ExportRecordJson
{
    public static JsonWriterOptions WriterOptions(bool indented) => new()
    {
        Indented = indented,
        // Answers are read by people: keep Chinese and other text as it is instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Utf8JsonWriter writer, ExportRecord record, bool structured = false)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", record.Index);
        if (record.Conversation)
        {
            // A conversation row: its last user turn reads as the question, and the whole conversation (images by reference) beside it.
            writer.WriteString("question", ConversationTraining.LastUserText(record.Question));
            writer.WritePropertyName("messages");
            // A conversation skipped for an empty last turn is stored without its JSON; raw "" would make the line invalid.
            writer.WriteRawValue(string.IsNullOrWhiteSpace(record.Question) ? "[]" : record.Question, skipInputValidation: true);
        }
        else
        {
            writer.WriteString("question", record.Question);
        }

        writer.WriteString("answer", record.Answer);
        if (structured && Structured.AnswerJson.TryParse(record.Answer) is { } parsed)
        {
            // The answer as an object for a structured job, beside its text: consumers reading "answer" as a string keep working.
            using (parsed)
            {
                writer.WritePropertyName("answerJson");
                parsed.RootElement.WriteTo(writer);
            }
        }
        if (record.Reasoning is not null)
        {
            writer.WriteString("reasoning", record.Reasoning);
        }

        writer.WriteString("error", record.Error);
        writer.WriteString("finishReason", record.FinishReason);
        WriteNumberOrNull(writer, "promptTokens", record.PromptTokens);
        WriteNumberOrNull(writer, "completionTokens", record.CompletionTokens);
        writer.WriteNumber("attempts", record.Attempts);
        // The last of the result fields, as in the tabular formats: added after those that were there before it.
        writer.WriteString("model", record.Model);
        if (record.Answers is { } answers)
        {
            WriteAnswers(writer, answers);
        }

        if (record.Columns is { Count: > 0 } columns)
        {
            writer.WriteStartObject("columns");
            foreach (var (name, value) in columns)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>A row's several answers, in slot order: <c>answer</c> above stays slot 0's, for every reader that wants one.</summary>
    private static void WriteAnswers(Utf8JsonWriter writer, IReadOnlyList<ExportAnswer> answers)
    {
        writer.WriteStartArray("answers");
        foreach (var a in answers)
        {
            writer.WriteStartObject();
            writer.WriteString("model", a.Model);
            writer.WriteNumber("sample", a.Sample);
            writer.WriteString("answer", a.Answer);
            if (a.Reasoning is not null)
            {
                writer.WriteString("reasoning", a.Reasoning);
            }

            writer.WriteString("finishReason", a.FinishReason);
            WriteNumberOrNull(writer, "promptTokens", a.PromptTokens);
            WriteNumberOrNull(writer, "completionTokens", a.CompletionTokens);
            if (!a.Answered)
            {
                writer.WriteString("error", a.Error ?? "not answered: the job stopped before this answer was asked");
            }

            if (a.Score is { } score)
            {
                writer.WriteNumber("score", score);
            }

            if (a.ScoreReason is { } why)
            {
                // The judge's reason, or for an answer it gave no valid verdict on, its error.
                writer.WriteString("scoreReason", why);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
