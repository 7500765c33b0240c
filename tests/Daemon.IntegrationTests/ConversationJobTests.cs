using System.Text;
using System.Text.Json;
using BatchAi.Daemon.IntegrationTests.TestSupport;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary>Conversation and image rows through the real executable and the simulator: each input format, each chat export, images that cannot be sent.</summary>
public sealed class ConversationJobTests
{
    // Three conversations; each ends with the user turn the job answers (the second with an old answer, which is asked again).
    private static readonly string[][] Turns =
    [
        ["system", "Be brief.", "user", "Hi there, conv 1", "assistant", "Hello", "user", "What is 2+2, conv 1?"],
        ["user", "Name a colour, conv 2", "assistant", "Blue", "user", "And another, conv 2?", "assistant", "stale answer"],
        ["user", "One turn only, conv 3"],
    ];

    public static TheoryData<string> InputFormats() => ["openai", "sharegpt", "alpaca"];

    [Theory]
    [MemberData(nameof(InputFormats))]
    public async Task Run_ConversationRows_AnsweredAfterTheLastUserTurn_EveryChatExportWritesTheWholeConversation(string inputFormat)
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        File.WriteAllText(temp.File("chats.jsonl"), string.Join('\n', Turns.Select(t => Line(inputFormat, t))) + "\n", new UTF8Encoding(false));
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "chats.jsonl", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Json().GetProperty("jobId").GetString()!;
        var lastUser = Turns.Select(t => t[Array.LastIndexOf(t, "user") + 1]).ToList();
        var answers = lastUser.Select(q => SimulatorServer.AnswerFor(q)).ToList();
        Assert.All(lastUser, q => Assert.Equal(1, simulator.Stats.RequestsFor(q)));

        var records = Datasets.ReadJsonl(temp.File("chats.answers.jsonl"));
        Assert.Equal(answers, records.Select(r => r.GetProperty("answer").GetString()));
        Assert.Equal(lastUser, records.Select(r => r.GetProperty("question").GetString()));

        foreach (var format in new[] { "openai-chat", "sharegpt", "alpaca" })
        {
            var export = await CliRun.RunAsync(temp.Path, ct, "export", jobId, "--format", format, "-o", $"out.{format}", "--json", "--data-dir", data);
            Assert.True(export.ExitCode == 0, export.ToString());
            var items = ChatExports.ReadItems(temp.File($"out.{format}"));
            Assert.Equal(3, items.Count);
            for (var i = 0; i < 3; i++)
            {
                // The input's turns up to its last user turn, then the new answer.
                var expected = Turns[i].Take(Array.LastIndexOf(Turns[i], "user") + 2).Chunk(2).Select(p => (p[0], p[1])).Append(("assistant", answers[i])).ToList();
                Assert.Equal(expected, ChatExports.Conversation(format, items[i]));
            }
        }
    }

    [Fact]
    public async Task Run_OpenAiConversations_ExportHfDataset_MessagesNestedPerRow_CardDescribesThem()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        File.WriteAllText(temp.File("chats.jsonl"), string.Join('\n', Turns.Select(t => Line("openai", t))) + "\n", new UTF8Encoding(false));
        var data = temp.Sub("data");
        var run = await CliRun.RunAsync(temp.Path, ct, "run", "chats.jsonl", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 0, run.ToString());

        var export = await CliRun.RunAsync(temp.Path, ct, "export", run.Json().GetProperty("jobId").GetString()!, "--format", "hf-dataset", "-o", "chats",
            "--json", "--data-dir", data);

        Assert.True(export.ExitCode == 0, export.ToString());
        var table = await ParquetTable.ReadAsync(temp.File("chats/data/train-00000-of-00001.parquet"), ct);
        Assert.Equal(3, table.Rows.Count);
        for (var i = 0; i < 3; i++)
        {
            // As openai-chat writes it: the turns up to the last user turn, then the new answer.
            var last = Array.LastIndexOf(Turns[i], "user");
            var expected = Turns[i].Take(last + 2).Chunk(2).Select(p => (p[0], p[1])).Append(("assistant", SimulatorServer.AnswerFor(Turns[i][last + 1]))).ToList();
            var messages = ((List<IReadOnlyDictionary<string, string?>>)table.Rows[i]["messages"]!).Select(m => (m["role"]!, m["content"]!));
            Assert.Equal(expected, messages);
        }

        // Text only: no images column, which would make TRL take the set for a vision one.
        Assert.DoesNotContain(table.Columns, c => c.Name == "images");
        var card = DatasetCardYaml.Parse(File.ReadAllText(temp.File("chats/README.md")));
        Assert.Equal(table.Columns.Select(c => (c.Name, ParquetTable.Describe(c))), card.Features);
        Assert.Contains(("messages", "list<struct<role: string, content: string>>"), card.Features);
    }

    [Fact]
    public async Task Run_ImageColumn_LocalAndRemoteImagesSent_MissingAndOversizedFailTheirRowNamingTheImage()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        await using var simulator = await SimulatorServer.StartAsync(new SimulatorOptions { TimeToFirstToken = TimeSpan.FromMilliseconds(5) }, cancellationToken: ct);
        Directory.CreateDirectory(temp.File("imgs"));
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[32]];
        File.WriteAllBytes(temp.File("imgs/small.png"), png);
        File.WriteAllBytes(temp.File("imgs/big.png"), [.. png, .. new byte[200]]);
        File.WriteAllText(temp.File("pics.csv"),
            "question,image\nWhat is in picture A?,imgs/small.png\nWhat is in picture B?,imgs/gone.png\nWhat is in picture C?,imgs/big.png\nWhat is in picture D?,https://example.com/d.png\nNo picture here?,\n",
            new UTF8Encoding(false));
        var data = temp.Sub("data");

        var run = await CliRun.RunAsync(temp.Path, ct, "run", "pics.csv", "--base-url", simulator.BaseUrl.ToString(), "-m", "m", "--max-image-bytes", "100",
            "--json", "--data-dir", data);
        Assert.True(run.ExitCode == 2, run.ToString());

        var records = Datasets.ReadJsonl(temp.File("pics.answers.jsonl"));
        Assert.Equal(5, records.Count);
        Assert.Equal(SimulatorServer.AnswerFor("What is in picture A?"), records[0].GetProperty("answer").GetString());
        Assert.Contains("'imgs/gone.png' was not found", records[1].GetProperty("error").GetString());
        Assert.Contains("'imgs/big.png' is 240 bytes; at most 100", records[2].GetProperty("error").GetString());
        Assert.Equal(SimulatorServer.AnswerFor("What is in picture D?"), records[3].GetProperty("answer").GetString());
        Assert.Equal(SimulatorServer.AnswerFor("No picture here?"), records[4].GetProperty("answer").GetString());
        Assert.Equal("imgs/small.png", records[0].GetProperty("messages")[0].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString());
        // The two images that could be sent, each once, and no request for the rows whose image could not be.
        Assert.Equal(2, simulator.Stats.ImagesReceived);
        Assert.Equal(0, simulator.Stats.RequestsFor("What is in picture B?"));

        var export = await CliRun.RunAsync(temp.Path, ct, "export", run.Json().GetProperty("jobId").GetString()!, "--format", "csv", "-o", "pics.csv.out.csv",
            "--json", "--data-dir", data);
        Assert.True(export.ExitCode == 0, export.ToString());
        var csv = File.ReadAllText(temp.File("pics.csv.out.csv"));
        Assert.Contains("imgs/small.png", csv);
        Assert.DoesNotContain("base64", csv);
    }

    private static string Line(string format, string[] turns)
    {
        var pairs = turns.Chunk(2).Select(p => (Role: p[0], Text: p[1])).ToList();
        object item = format switch
        {
            "openai" => new { messages = pairs.Select(p => new { role = p.Role, content = p.Text }) },
            "sharegpt" => new { conversations = pairs.Select(p => new { from = p.Role switch { "user" => "human", "assistant" => "gpt", _ => "system" }, value = p.Text }) },
            _ => Alpaca(pairs),
        };
        return JsonSerializer.Serialize(item);
    }

    // Alpaca: earlier user/assistant pairs are history; the last user turn is the instruction, an answer after it the output.
    private static object Alpaca(List<(string Role, string Text)> pairs)
    {
        var system = pairs.Where(p => p.Role == "system").Select(p => p.Text).FirstOrDefault() ?? "";
        var turns = pairs.Where(p => p.Role != "system").ToList();
        var last = turns.FindLastIndex(p => p.Role == "user");
        var history = turns.Take(last).Chunk(2).Select(c => new[] { c[0].Text, c[1].Text }).ToList();
        return new { instruction = turns[last].Text, input = "", output = last + 1 < turns.Count ? turns[last + 1].Text : "", system, history };
    }
}
