using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Fine-tuning exports hold complete answers only; failed and truncated rows are listed apart, never mixed in.</summary>
public sealed class TrainingExportTests
{
    private const string System = "You are a patient teacher.";

    [Theory]
    [InlineData("openai-chat")]
    [InlineData("alpaca")]
    [InlineData("sharegpt")]
    public async Task ExportJob_TrainingFormat_CompleteAnswersOnly_OthersListedWithReason(string format)
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        // Short answers (under 25 tokens) finish; long ones hit max_tokens and are truncated; one row always fails.
        var input = harness.WriteQuestions("q.csv", 12, i => i == 5 ? "broken [[sim:500]]" : $"Question number {i}?");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), SystemPrompt: System, MaxTokens: 25));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());
        var complete = notes.Rows.Where(r => r.Succeeded && r.FinishReason == "stop").OrderBy(r => r.Row).ToList();
        var truncated = notes.Rows.Where(r => r.FinishReason == "length").Select(r => r.Row).ToHashSet();
        Assert.NotEmpty(complete);
        Assert.NotEmpty(truncated);

        var result = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, Format: format));

        Assert.Equal(complete.Count, result.Rows);
        Assert.NotEqual(started.Output, result.Output);
        var items = format == "openai-chat"
            ? File.ReadAllLines(result.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList()
            : JsonDocument.Parse(File.ReadAllText(result.Output)).RootElement.EnumerateArray().ToList();
        Assert.Equal(complete.Count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var (system, user, assistant) = Turns(format, items[i]);
            Assert.Equal(System, system);
            Assert.Equal($"Question number {complete[i].Row}?", user);
            Assert.Equal(complete[i].Answer, assistant);
        }

        var excluded = File.ReadAllLines(Path.Combine(harness.Dir.Path, Path.GetFileNameWithoutExtension(result.Output) + ".excluded.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12 - complete.Count, excluded.Count);
        Assert.StartsWith("failed:", excluded.Single(e => e.GetProperty("index").GetInt64() == 5).GetProperty("reason").GetString());
        Assert.All(excluded.Where(e => truncated.Contains(e.GetProperty("index").GetInt64())),
            e => Assert.StartsWith("truncated", e.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task ExportJob_IncludeReasoning_KeptAsItsOwnField()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 2);
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider("sim-reasoner")));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var kept = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, harness.Dir.File("kept.alpaca.json"), Include: ["reasoning"]));
        var dropped = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, harness.Dir.File("dropped.alpaca.json")));

        Assert.Equal("alpaca", kept.Format);
        var first = JsonDocument.Parse(File.ReadAllText(kept.Output)).RootElement[0];
        Assert.Equal(SimulatorServer.ReasoningFor("Question number 0?"), first.GetProperty("reasoning").GetString());
        Assert.False(JsonDocument.Parse(File.ReadAllText(dropped.Output)).RootElement[0].TryGetProperty("reasoning", out _));
    }

    private static (string? System, string User, string Assistant) Turns(string format, JsonElement item)
    {
        if (format == "alpaca")
        {
            return (item.GetProperty("system").GetString(), item.GetProperty("instruction").GetString()!, item.GetProperty("output").GetString()!);
        }

        var (list, role, text) = format == "openai-chat" ? ("messages", "role", "content") : ("conversations", "from", "value");
        var turns = item.GetProperty(list).EnumerateArray().ToDictionary(t => t.GetProperty(role).GetString()!, t => t.GetProperty(text).GetString()!);
        var (user, assistant) = format == "openai-chat" ? ("user", "assistant") : ("human", "gpt");
        return (turns.GetValueOrDefault("system"), turns[user], turns[assistant]);
    }
}
