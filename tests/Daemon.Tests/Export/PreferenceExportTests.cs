using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>The preference formats and the judge's minimum score in a training file, written as files with their excluded lists.</summary>
public sealed class PreferenceExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ExportAnswer A(int slot, double? score, string? reason = null) =>
        new(slot, "m", slot, true, $"answer {slot}", null, "stop", 1, 1, null, score, reason ?? $"reason {slot}");

    private static ExportRecord Row(long index, string question, params ExportAnswer[] answers) =>
        new(index, question, answers.Length > 0 ? answers[0].Answer : null, null, null, "stop", 1, 1, 1, null, "m", Answers: answers);

    private static readonly ExportRecord[] Rows =
    [
        Row(0, "q0", A(0, 9), A(1, 2), A(2, 5)),
        Row(1, "q1", A(0, 6), A(1, 6)),
        Row(2, "q2", A(0, 8)),
    ];

    [Fact]
    public async Task Preference_NoSystemPrompt_TrlStandardFormPerRowWithAPair_TheOthersExcludedWithTheirScores()
    {
        var path = _dir.File("out.preference.jsonl");

        var written = await ExportWriter.WriteAsync(path, "preference", ToAsync(Rows), Timeouts(), new ExportContext());

        Assert.Equal(1, written);
        var line = Assert.Single(Lines(path));
        Assert.Equal(("q0", "answer 0", "answer 1"), (line.GetProperty("prompt").GetString(), line.GetProperty("chosen").GetString(), line.GetProperty("rejected").GetString()));
        var excluded = Lines(ExportFormat.ExcludedPath(path));
        Assert.Equal([1L, 2L], excluded.Select(e => e.GetProperty("index").GetInt64()));
        Assert.Contains("differ by less than the margin 1", excluded[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal([6.0, 6.0], excluded[0].GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("score").GetDouble()));
        Assert.Equal("reason 1", excluded[0].GetProperty("answers")[1].GetProperty("scoreReason").GetString());
        Assert.Equal("1 scored answer: a pair needs 2 or more", excluded[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Preference_WithASystemPrompt_TrlConversationalForm()
    {
        var path = _dir.File("out.preference.jsonl");

        await ExportWriter.WriteAsync(path, "preference", ToAsync(Rows), Timeouts(), new ExportContext("Be brief.") { Margin = 0 });

        var lines = Lines(path);
        Assert.Equal(2, lines.Count);
        var prompt = lines[0].GetProperty("prompt");
        Assert.Equal([("system", "Be brief."), ("user", "q0")], prompt.EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        var chosen = Assert.Single(lines[0].GetProperty("chosen").EnumerateArray().ToList());
        Assert.Equal(("assistant", "answer 0"), (chosen.GetProperty("role").GetString(), chosen.GetProperty("content").GetString()));
        Assert.Equal("answer 1", lines[0].GetProperty("rejected")[0].GetProperty("content").GetString());
        // Margin 0: equal scores pair, the lower slot chosen.
        Assert.Equal(("answer 0", "answer 1"), (lines[1].GetProperty("chosen")[0].GetProperty("content").GetString(), lines[1].GetProperty("rejected")[0].GetProperty("content").GetString()));
    }

    [Fact]
    public async Task OpenAiPreference_InputMessagesAndPreferredAndNonPreferredOutputs()
    {
        var path = _dir.File("out.openai-preference.jsonl");

        await ExportWriter.WriteAsync(path, "openai-preference", ToAsync(Rows), Timeouts(), new ExportContext("Be brief.") { Margin = 3 });

        var line = Assert.Single(Lines(path));
        Assert.Equal(["input", "preferred_output", "non_preferred_output"], line.EnumerateObject().Select(p => p.Name));
        var messages = line.GetProperty("input").GetProperty("messages");
        Assert.Equal([("system", "Be brief."), ("user", "q0")], messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        Assert.Equal(("assistant", "answer 0"), (line.GetProperty("preferred_output")[0].GetProperty("role").GetString(), line.GetProperty("preferred_output")[0].GetProperty("content").GetString()));
        Assert.Equal("answer 1", line.GetProperty("non_preferred_output")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Training_MinScore_KeepsAnswersAtOrAboveIt_TheOthersExcludedWithScoreAndReason()
    {
        var path = _dir.File("out.openai.jsonl");
        ExportRecord[] rows =
        [
            Row(0, "q0", A(0, 8)),
            Row(1, "q1", A(0, 7.5, "too vague")),
            Row(2, "q2", A(0, null, "the judge's verdict is not valid after 2 re-asks: /score: too big")),
            Row(3, "q3", A(0, 10)),
        ];

        var written = await ExportWriter.WriteAsync(path, "openai-chat", ToAsync(rows), Timeouts(), new ExportContext { MinScore = 8 });

        Assert.Equal(2, written);
        Assert.Equal(["q0", "q3"], Lines(path).Select(l => l.GetProperty("messages")[0].GetProperty("content").GetString()));
        var excluded = Lines(ExportFormat.ExcludedPath(path));
        Assert.Equal((1L, "scored 7.5, below the minimum score 8", 7.5, "too vague"),
            (excluded[0].GetProperty("index").GetInt64(), excluded[0].GetProperty("reason").GetString(), excluded[0].GetProperty("score").GetDouble(), excluded[0].GetProperty("scoreReason").GetString()));
        Assert.Equal(JsonValueKind.Null, excluded[1].GetProperty("score").ValueKind);
        Assert.StartsWith("not judged: the judge's verdict is not valid", excluded[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_NoMinScore_EveryAnswerStaysWhateverItsScore()
    {
        var path = _dir.File("out.openai.jsonl");

        var written = await ExportWriter.WriteAsync(path, "openai-chat", ToAsync([Row(0, "q0", A(0, 1)), Row(1, "q1", A(0, null))]), Timeouts(), new ExportContext());

        Assert.Equal(2, written);
        Assert.Empty(Lines(ExportFormat.ExcludedPath(path)));
    }

    private static CancellationToken Timeouts() => BatchAi.Tests.Shared.Timeouts.Token();

    private static List<JsonElement> Lines(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

#pragma warning disable CS1998 // Async iterators without awaits are the simplest IAsyncEnumerable source.
    private static async IAsyncEnumerable<ExportRecord> ToAsync(IEnumerable<ExportRecord> records)
    {
        foreach (var record in records)
        {
            yield return record;
        }
    }
#pragma warning restore CS1998
}
