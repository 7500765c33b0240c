using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>A conversation row (with an image by reference) in every export format: the conversation and the answer, the reference kept.</summary>
public sealed class ConversationExportTests : IDisposable
{
    private const string Conversation =
        """[{"role":"system","content":"S"},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"What is it?"},{"type":"image_url","image_url":{"url":"imgs/cat.png"}}]}]""";

    private static readonly ExportRecord Row = new(0, Conversation, "A cat.", null, null, "stop", 10, 2, 1, null, "sim-small", Conversation: true);

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<JsonElement> ExportAsync(string format)
    {
        var path = _dir.File("out." + ExportFormat.Extension(format));
        await ExportWriter.WriteAsync(path, format, ToAsync(Row), TestContext.Current.CancellationToken);
        var text = File.ReadAllText(path).Trim();
        var root = JsonDocument.Parse(text.StartsWith('[') ? text : $"[{text}]").RootElement;
        return root[0].Clone();
    }

    [Fact]
    public async Task OpenAiChat_WholeConversationThenTheAnswer_ImagePartKept()
    {
        var messages = (await ExportAsync("openai-chat")).GetProperty("messages");

        Assert.Equal(["system", "user", "assistant", "user", "assistant"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("imgs/cat.png", messages[3].GetProperty("content")[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("A cat.", messages[4].GetProperty("content").GetString());
    }

    [Fact]
    public async Task ShareGpt_TurnsWithImageMarkAndImagesList()
    {
        var item = await ExportAsync("sharegpt");
        var turns = item.GetProperty("conversations").EnumerateArray().Select(t => (t.GetProperty("from").GetString(), t.GetProperty("value").GetString())).ToList();

        Assert.Equal([("system", "S"), ("human", "Hi"), ("gpt", "Hello"), ("human", "<image>What is it?"), ("gpt", "A cat.")], turns);
        Assert.Equal(["imgs/cat.png"], item.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Alpaca_EarlierTurnsAsHistory()
    {
        var item = await ExportAsync("alpaca");

        Assert.Equal("<image>What is it?", item.GetProperty("instruction").GetString());
        Assert.Equal("A cat.", item.GetProperty("output").GetString());
        Assert.Equal("S", item.GetProperty("system").GetString());
        Assert.Equal("""[["Hi","Hello"]]""", item.GetProperty("history").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jsonl_QuestionIsTheLastUserTurn_MessagesTheConversation()
    {
        var item = await ExportAsync("jsonl");

        Assert.Equal("What is it?", item.GetProperty("question").GetString());
        Assert.Equal(4, item.GetProperty("messages").GetArrayLength());
        Assert.Equal("sim-small", item.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Csv_ConversationAsJsonInOneCell_ReferenceNotInlined()
    {
        var path = _dir.File("out.csv");
        await ExportWriter.WriteAsync(path, "csv", ToAsync(Row), TestContext.Current.CancellationToken);

        var text = File.ReadAllText(path);
        Assert.Contains("imgs/cat.png", text);
        Assert.DoesNotContain("base64", text);
    }

    [Theory]
    [InlineData("jsonl")]
    [InlineData("openai-chat")]
    public async Task SkippedEmptyConversation_StoredWithoutJson_ExportsAsNoTurns(string format)
    {
        // A conversation whose last user turn is empty is skipped and stored with an empty question, not its JSON.
        var skipped = new ExportRecord(1, "", null, null, "skipped: the last user turn is empty", null, null, null, 0, null, State: ExportRowState.Skipped,
            Conversation: true);
        var path = _dir.File("skipped." + ExportFormat.Extension(format));

        await ExportWriter.WriteAsync(path, format, ToAsync(Row, skipped), TestContext.Current.CancellationToken);

        var lines = File.ReadAllLines(format == "jsonl" ? path : ExportFormat.ExcludedPath(path));
        var item = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(string.Empty, item.GetProperty("question").GetString());
        if (format == "jsonl")
        {
            Assert.Equal(0, item.GetProperty("messages").GetArrayLength());
        }
    }

    private static async IAsyncEnumerable<ExportRecord> ToAsync(params ExportRecord[] records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }
}
