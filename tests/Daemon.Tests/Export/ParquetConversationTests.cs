using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>
/// A job with conversation rows in Parquet: a nested <c>messages</c> column (list of role and content) and, with images, an
/// <c>images</c> column, read back by Parquet.Net leaf by leaf, every row checked, across row groups.
/// </summary>
public sealed class ParquetConversationTests : IDisposable
{
    private const string Chat = """[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"imgs/cat.png"}},{"type":"image_url","image_url":{"url":"https://x.test/b.png"}}]}]""";
    private const string OwnSystem = """[{"role":"system","content":"Reply in French."},{"role":"user","content":"Bonjour ?"}]""";

    // Two rows per group: the five rows span three, so a list's repetition levels must restart with each group.
    private static readonly ExportContext Context = new("Be brief.")
    {
        Kinds = new ConversationKinds(true, true),
        Limits = new ParquetLimits(2, 1_000_000, 1_000, long.MaxValue),
    };

    private static readonly ExportRecord[] Records =
    [
        new(0, Chat, "A cat.", null, null, "stop", 9, 2, 1, [new("messages", "input"), new("id", "1")], "m", Conversation: true),
        new(1, "A plain question?", "A plain answer.", null, null, "stop", 3, 3, 1, [new("messages", null), new("id", "2")], "m"),
        new(2, OwnSystem, null, null, "HTTP 400", null, null, null, 1, [new("messages", "x"), new("id", "3")], State: ExportRowState.Failed, Conversation: true),
        new(3, "", null, null, "skipped: empty", null, null, null, 0, [new("messages", "y"), new("id", "4")], State: ExportRowState.Skipped, Conversation: true),
        new(4, OwnSystem, "Salut.", null, null, "stop", 4, 1, 1, [new("messages", "z"), new("id", "5")], "m", Conversation: true),
    ];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_ConversationRows_MessagesAndImagesNestedPerRow_PlainRowATwoTurnConversation()
    {
        var path = _dir.File("out.parquet");

        await ExportWriter.WriteAsync(path, "parquet", Records.ToAsyncEnumerable(), Timeouts.Token(), Context);

        var table = await ParquetTable.ReadAsync(path, Timeouts.Token());
        Assert.Equal(3, table.RowGroups);
        Assert.Equal(
            ["index", "question", "messages", "images", "answer", "reasoning", "error", "finishReason", "promptTokens", "completionTokens", "attempts", "model",
                "source.messages", "id"],
            table.Columns.Select(c => c.Name));
        Assert.Equal("list<struct<role: string, content: string>>", ParquetTable.Describe(table.Columns[2]));
        Assert.Equal("list<string>", ParquetTable.Describe(table.Columns[3]));
        List<(string, string)>[] expected =
        [
            [("system", "Be brief."), ("user", "Hi"), ("assistant", "Hello"), ("user", "<image><image>What is this?"), ("assistant", "A cat.")],
            [("system", "Be brief."), ("user", "A plain question?"), ("assistant", "A plain answer.")],
            // No answer: the conversation as sent; its own system message stands instead of the job's.
            [("system", "Reply in French."), ("user", "Bonjour ?")],
            [],
            [("system", "Reply in French."), ("user", "Bonjour ?"), ("assistant", "Salut.")],
        ];
        Assert.Equal(expected, table.Rows.Select(Messages));
        List<string?>[] images = [["imgs/cat.png", "https://x.test/b.png"], [], [], [], []];
        Assert.Equal(images, table.Rows.Select(r => (List<string?>)r["images"]!));
        Assert.Equal(["What is this?", "A plain question?", "Bonjour ?", "", "Bonjour ?"], table.Rows.Select(r => (string?)r["question"]));
        Assert.Equal(["input", null, "x", "y", "z"], table.Rows.Select(r => (string?)r["source.messages"]));
    }

    [Fact]
    public async Task WriteAsync_ConversationsWithoutImages_NoImagesColumn()
    {
        var path = _dir.File("out.parquet");
        ExportRecord[] records = [Records[1], Records[4]];

        await ExportWriter.WriteAsync(path, "parquet", records.ToAsyncEnumerable(), Timeouts.Token(), Context with { Kinds = new(true, false) });

        var table = await ParquetTable.ReadAsync(path, Timeouts.Token());
        Assert.DoesNotContain(table.Columns, c => c.Name == "images");
        Assert.Equal(3, Messages(table.Rows[1]).Count);
    }

    [Fact]
    public async Task WriteAsync_KindsNotGiven_FirstRecordDecides()
    {
        var conversation = _dir.File("c.parquet");
        var plain = _dir.File("p.parquet");

        await ExportWriter.WriteAsync(conversation, "parquet", Records.Take(1).ToAsyncEnumerable(), Timeouts.Token());
        await ExportWriter.WriteAsync(plain, "parquet", Records.Skip(1).Take(2).ToAsyncEnumerable(), Timeouts.Token());

        var first = await ParquetTable.ReadAsync(conversation, Timeouts.Token());
        Assert.Equal(["index", "question", "messages", "images", "answer"], first.Columns.Take(5).Select(c => c.Name));
        Assert.Equal(["imgs/cat.png", "https://x.test/b.png"], (List<string?>)first.Rows[0]["images"]!);
        // A plain first row keeps today's columns, and a later conversation row keeps the JSON the ledger holds in question.
        var second = await ParquetTable.ReadAsync(plain, Timeouts.Token());
        Assert.Equal(ParquetLayout.ResultColumns, second.Fields.Select(f => f.Name).Take(10));
        Assert.Equal(OwnSystem, second.Rows[1]["question"]);
    }

    internal static List<(string, string)> Messages(IReadOnlyDictionary<string, object?> row) =>
        [.. ((List<IReadOnlyDictionary<string, string?>>)row["messages"]!).Select(m => (m["role"]!, m["content"]!))];
}
