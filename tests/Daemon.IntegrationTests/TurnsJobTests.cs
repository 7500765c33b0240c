using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>
/// Multi-turn jobs (<c>turns</c>) through the real executable against the simulator, which plays the user deterministically:
/// user turn N of a conversation opened by a seed is <c>Follow-up N to "seed"</c>, so every turn of every row is known exactly.
/// </summary>
public sealed class TurnsJobTests
{
    private const int Turns = 3;

    [Fact]
    public async Task Run_ThreeTurnsOverSeedQuestions_EachRowAConversation_EveryChatExport_AndARerunAsksNothing()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        var seeds = Datasets.Questions(3, "turns");
        Datasets.WriteCsv(temp.File("seeds.csv"), seeds);
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "seeds.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--turns", "3",
            "--user-model", "u", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        // Each row: three assistant turns and two simulated user turns, each a request of its own, none asked twice.
        Assert.Equal(seeds.Length * ((2 * Turns) - 1), simulator.Stats.TotalRequests);
        Assert.All(seeds.SelectMany(s => Expected(s)).Where(t => t.Role == "user").Select(t => t.Text), q => Assert.Equal(1, simulator.Stats.RequestsFor(q)));
        // The user simulator's requests went with its own model and the built-in prompt; the assistant's with the job's.
        var bySettings = simulator.Stats.RequestsBySettings;
        Assert.Equal(seeds.Length * (Turns - 1), bySettings.Where(s => s.Key.Model == "u").Sum(s => s.Value));
        Assert.All(bySettings.Where(s => s.Key.Model == "u"), s => Assert.StartsWith(SimulatorServer.UserSimulatorMarker, s.Key.SystemPrompt));
        Assert.Equal(seeds.Length * Turns, bySettings.Where(s => s.Key.Model == "m").Sum(s => s.Value));

        // The answer formats: the last user turn as the question, the conversation before the answer as messages, each
        // assistant turn with the model that wrote it; the answer is the last turn's.
        var records = Datasets.ReadJsonl(temp.File("seeds.answers.jsonl"));
        Assert.Equal(seeds.Length, records.Count);
        for (var i = 0; i < seeds.Length; i++)
        {
            var expected = Expected(seeds[i]);
            Assert.Equal(expected[^1].Text, records[i].GetProperty("answer").GetString());
            Assert.Equal(expected[^2].Text, records[i].GetProperty("question").GetString());
            Assert.Equal("m", records[i].GetProperty("model").GetString());
            var messages = records[i].GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(expected[..^1], messages.Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)));
            Assert.Equal(["m", "m"], messages.Where(m => m.GetProperty("role").GetString() == "assistant").Select(m => m.GetProperty("model").GetString()));
            Assert.True(records[i].GetProperty("promptTokens").GetInt32() > 0);
        }

        foreach (var format in new[] { "openai-chat", "sharegpt", "alpaca" })
        {
            var export = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", format, "-o", $"out.{format}", "--json", "--data-dir", data);
            Assert.True(export.ExitCode == 0, export.ToString());
            var items = ChatExports.ReadItems(temp.File($"out.{format}"));
            Assert.Equal(seeds.Select(s => Expected(s).Select(t => (t.Role, t.Text)).ToList()), items.Select(item => ChatExports.Conversation(format, item)));
            // Only keys OpenAI's fine-tuning accepts: no model on a message.
            Assert.DoesNotContain("\"model\"", File.ReadAllText(temp.File($"out.{format}")), StringComparison.Ordinal);
        }

        // The same job again: every turn of every row from the cache, no request sent.
        var before = simulator.Stats.TotalRequests;
        var again = await CliRun.RunAsync(temp.Path, ct, "run", "seeds.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--turns", "3",
            "--user-model", "u", "-o", "again.jsonl", "--json", "--data-dir", data);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(before, simulator.Stats.TotalRequests);
        Assert.Equal(records.Select(r => r.GetProperty("messages").GetRawText()), Datasets.ReadJsonl(temp.File("again.jsonl")).Select(r => r.GetProperty("messages").GetRawText()));
    }

    [Fact]
    public async Task Run_ConversationRowWhoseSecondTurnIsRefused_FailsNamingTheTurn_KeepsTheConversationSoFar_OthersAnswered()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        // The simulated user's follow-up quotes the first user turn, so its marker reaches the second assistant turn only.
        const string opener = "Tell me more [[sim:400]]";
        File.WriteAllText(temp.File("chats.jsonl"), string.Join('\n',
            """{"messages":[{"role":"user","content":"Tell me more [[sim:400]]"},{"role":"assistant","content":"ok"},{"role":"user","content":"What is tea?"}]}""",
            """{"messages":[{"role":"user","content":"What is coffee?"}]}""") + "\n", new UTF8Encoding(false));

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "chats.jsonl", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--turns", "3",
            "--json", "--data-dir", temp.Sub("data"));
        Assert.True(File.Exists(temp.File("chats.answers.jsonl")), run.ToString());

        var records = Datasets.ReadJsonl(temp.File("chats.answers.jsonl"));
        Assert.Equal(2, records.Count);
        var failed = records[0];
        Assert.Contains("turn 2 of 3 (assistant)", failed.GetProperty("error").GetString());
        var answer1 = SimulatorServer.AnswerFor("What is tea?");
        Assert.Equal(
            [("user", opener), ("assistant", "ok"), ("user", "What is tea?"), ("assistant", answer1), ("user", SimulatorServer.FollowUpFor(3, opener))],
            failed.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)));
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("answer").ValueKind);
        Assert.Equal(Expected("What is coffee?")[^1].Text, records[1].GetProperty("answer").GetString());
    }

    [Fact]
    public async Task ResumeJob_AfterSigkillMidConversations_NoFinishedTurnAskedAgain_EveryRowOnceInTheExport()
    {
        const int rowCount = 40;
        const int concurrency = 4;
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        var data = temp.Sub("data");
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(25) }, cancellationToken: ct);
        var seeds = Datasets.Questions(rowCount, "kill-turns");
        var input = Datasets.WriteCsv(temp.File("seeds.csv"), seeds);
        var output = temp.File("answers.jsonl");

        string jobId;
        await using (var first = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data))
        await using (var client = RpcClient.OverStreams(first.StandardInput, first.StandardOutput))
        {
            await client.InitializeAsync(ct);
            jobId = (await client.CallAsync<StartJobResult>(Methods.StartJob,
                new StartJobParams(input, new ProviderConfig(simulator.BaseUrl.ToString(), "sim-small"), output, Concurrency: concurrency, Turns: Turns), ct)).JobId;
            // Killed once a conversation is cut in the middle (turns checkpointed, more to come), as the test needs: looked for
            // in the ledger after each row that completes from the eighth on, and a turn takes longer than the round trip to the kill.
            for (var completed = 8; ; completed++)
            {
                await client.Notifications.WaitForRowsAsync(jobId, completed, ct);
                var rows = (await client.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: 1000), ct)).Rows;
                if (rows.Any(r => r.State != RowStates.Done && r.Prompt.StartsWith('[')))
                {
                    break;
                }
            }

            first.KillHard();
            Assert.Equal(137, await first.WaitForExitAsync(ct));
        }

        await using var second = DaemonProcess.Start(temp.Path, "serve", "--stdio", "--data-dir", data);
        await using var again = RpcClient.OverStreams(second.StandardInput, second.StandardOutput);
        await again.InitializeAsync(ct);
        // What the ledger holds of each row at the kill: its whole conversation when done, else the turns checkpointed.
        var stored = (await again.CallAsync<GetRowsResult>(Methods.GetRows, new GetRowsParams(jobId, Limit: 1000), ct)).Rows;
        var finishedTurns = stored.SelectMany(FinishedQuestions).ToList();
        Assert.True(stored.Count(r => r.State == RowStates.Done) < rowCount, "the job finished before the kill; the test proves nothing");
        Assert.Contains(stored, r => r.State != RowStates.Done && r.Prompt.StartsWith('[')); // a conversation was cut in the middle

        await again.CallAsync<JobInfo>(Methods.ResumeJob, new ResumeJobParams(jobId), ct);
        await again.Notifications.WaitForStateAsync(jobId, JobState.Completed, ct);
        var done = await again.GetJobAsync(jobId, ct);
        Assert.Equal((long)rowCount, done.Counts.Done);

        // Every row once, in order, with its exact conversation.
        var records = Datasets.ReadJsonl(output);
        Assert.Equal(Enumerable.Range(0, rowCount).Select(i => (long)i), records.Select(r => r.GetProperty("index").GetInt64()));
        for (var i = 0; i < rowCount; i++)
        {
            var expected = Expected(seeds[i]);
            Assert.Equal(expected[^1].Text, records[i].GetProperty("answer").GetString());
            Assert.Equal(expected[..^1], records[i].GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)));
        }

        // A turn stored before the kill was never asked again; only turns in flight at the kill were, at most once more each.
        Assert.All(finishedTurns, q => Assert.Equal(1, simulator.Stats.RequestsFor(q)));
        var requests = seeds.SelectMany(s => RequestQuestions(Expected(s))).Select(simulator.Stats.RequestsFor).ToList();
        Assert.All(requests, n => Assert.InRange(n, 1, 2));
        Assert.InRange(requests.Count(n => n == 2), 0, 2 * concurrency);
        Assert.Equal(requests.Sum(), simulator.Stats.TotalRequests);
    }

    /// <summary>The conversation a seed grows into: seed, answer, follow-up 2, answer, follow-up 3, answer.</summary>
    private static List<(string Role, string Text)> Expected(string seed)
    {
        var turns = new List<(string Role, string Text)> { ("user", seed), ("assistant", SimulatorServer.AnswerFor(seed)) };
        for (var n = 2; n <= Turns; n++)
        {
            var followUp = SimulatorServer.FollowUpFor(n, seed);
            turns.Add(("user", followUp));
            turns.Add(("assistant", SimulatorServer.AnswerFor(followUp)));
        }

        return turns;
    }

    /// <summary>
    /// What the simulator counts each request of a conversation under (its last user message): each user turn for the assistant's
    /// answer to it, and each answer but the last for the simulated user's next message, which sees it as the user's.
    /// </summary>
    private static IEnumerable<string> RequestQuestions(List<(string Role, string Text)> turns) =>
        turns.Take(turns.Count - 1).Select(t => t.Text);

    /// <summary>The requests a stored row needs no more: each turn its stored conversation already has the reply to.</summary>
    private static IEnumerable<string> FinishedQuestions(JobRow row)
    {
        if (!row.Prompt.StartsWith('['))
        {
            return row.State == RowStates.Done ? [row.Prompt] : [];
        }

        var texts = JsonDocument.Parse(row.Prompt).RootElement.EnumerateArray().Select(m => m.GetProperty("content").GetString()!).ToList();
        // Every message but the last was answered by the one after it; a done row's last (user) turn was answered too.
        return row.State == RowStates.Done ? texts : texts.Take(texts.Count - 1);
    }
}
