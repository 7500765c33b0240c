using System.Text.Json;

namespace BatchAi.Daemon.Export;

/// <summary>
/// One line of <c>NAME.excluded.jsonl</c>, beside a training or preference file: a row left out, its question and why, and
/// for a judged job what the judge said (the answer's score and reason, or every answer's score for a pair not made).
/// </summary>
internal sealed class ExcludedRow(Stream stream) : IAsyncDisposable
{
    private readonly Utf8JsonWriter _writer = new(stream, ExportRecordJson.WriterOptions(indented: false));

    public async Task WriteAsync(ExportRecord r, string reason, ExportAnswer? judged, IReadOnlyList<ExportAnswer>? scores, CancellationToken cancellationToken)
    {
        var w = _writer;
        w.WriteStartObject();
        w.WriteNumber("index", r.Index);
        w.WriteString("question", r.Conversation ? ConversationTraining.LastUserText(r.Question) : r.Question);
        w.WriteString("reason", reason);
        if (judged is not null)
        {
            Score(w, judged);
        }

        if (scores is { Count: > 0 })
        {
            w.WriteStartArray("answers");
            foreach (var answer in scores)
            {
                w.WriteStartObject();
                w.WriteNumber("slot", answer.Slot);
                w.WriteString("model", answer.Model);
                w.WriteNumber("sample", answer.Sample);
                Score(w, answer);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
        stream.WriteByte((byte)'\n');
        w.Reset();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private static void Score(Utf8JsonWriter w, ExportAnswer answer)
    {
        if (answer.Score is { } score)
        {
            w.WriteNumber("score", score);
        }
        else
        {
            w.WriteNull("score");
        }

        w.WriteString("scoreReason", answer.ScoreReason);
    }
}
