using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>An hf-dataset folder: answered rows only, in shards the card's globs find, a split fixed by its seed, and a card that matches the files.</summary>
public sealed class HfDatasetExportTests : IDisposable
{
    private static readonly ExportProvenance Provenance = new(["deepseek-chat"], 0.7, 800, "questions.csv");

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_HfDataset_AnsweredRowsOnly_OthersCountedOnTheCard()
    {
        var folder = _dir.File("set");
        ExportRecord[] records =
        [
            Answered(0, "什么是 AI？", "人工智能 😀"),
            new(1, "failed", null, null, "HTTP 400", null, null, null, 1, [new("id", "1")], State: ExportRowState.Failed),
            new(2, "", null, null, "skipped: empty", null, null, null, 0, [new("id", "2")], State: ExportRowState.Skipped),
            Answered(3, "cut", "half an ans", finish: "length"),
            new(4, "never sent", null, null, "not answered", null, null, null, 0, [new("id", "4")], State: ExportRowState.Unanswered),
            Answered(5, "last", "yes"),
        ];

        var count = await ExportWriter.WriteAsync(folder, "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), Context());

        Assert.Equal(3, count);
        Assert.Equal(["data/train-00000-of-00001.parquet"], DataFiles(folder));
        var train = await ParquetTable.ReadAsync(Path.Combine(folder, "data", "train-00000-of-00001.parquet"), Timeouts.Token());
        Assert.Equal([0L, 3L, 5L], train.Rows.Select(r => (long)r["index"]!));
        Assert.Equal(["人工智能 😀", "half an ans", "yes"], train.Rows.Select(r => (string?)r["answer"]));
        Assert.DoesNotContain(train.Fields, f => f.Name == "error");
        var card = DatasetCardYaml.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "README.md"), Timeouts.Token()));
        Assert.Equal("other", card.License);
        Assert.Equal([("train", "data/train-*")], card.DataFiles);
        Assert.Equal(train.Fields.Select(f => (f.Name, f.ClrType == typeof(long) ? "int64" : "string")), card.Features);
        Assert.Equal([("train", 3L)], card.Splits);
        Assert.Contains("Excluded: 3 rows (1 failed, 1 skipped as empty or duplicate questions, 1 not answered when the job stopped)", card.Body);
        Assert.Contains("1 answers kept here were cut at max tokens", card.Body);
        Assert.Contains("| model | `deepseek-chat` (3 rows) |", card.Body);
        Assert.Contains("| temperature | 0.7 |", card.Body);
        Assert.Contains("| max tokens | 800 |", card.Body);
        Assert.Contains("```text\nYou are a ``careful`` tutor.\n```", card.Body);
    }

    [Fact]
    public async Task WriteAsync_HoldOut_SplitsPartitionTheAnsweredRows_SameSeedSameSplit()
    {
        var records = Enumerable.Range(0, 2_000).Select(i => Answered(i, $"q{i}", $"a{i}")).ToArray();
        var holdOut = new HoldOut(0.1, 42);

        await ExportWriter.WriteAsync(_dir.File("a"), "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), Context() with { HoldOut = holdOut });
        await ExportWriter.WriteAsync(_dir.File("b"), "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), Context() with { HoldOut = holdOut });
        await ExportWriter.WriteAsync(_dir.File("c"), "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(),
            Context() with { HoldOut = holdOut with { Seed = 43 } });

        var (trainA, testA) = (await IndexesAsync(_dir.File("a"), "train"), await IndexesAsync(_dir.File("a"), "test"));
        Assert.Equal(testA, await IndexesAsync(_dir.File("b"), "test"));
        Assert.NotEqual(testA, await IndexesAsync(_dir.File("c"), "test"));
        Assert.Empty(trainA.Intersect(testA));
        Assert.Equal(Enumerable.Range(0, 2_000).Select(i => (long)i), trainA.Concat(testA).Order());
        Assert.InRange(testA.Count, 140, 260);
        Assert.Equal(testA, records.Select(r => r.Index).Where(holdOut.Contains));
        var card = DatasetCardYaml.Parse(await File.ReadAllTextAsync(_dir.File("a/README.md"), Timeouts.Token()));
        Assert.Equal([("train", "data/train-*"), ("test", "data/test-*")], card.DataFiles);
        Assert.Equal([("train", (long)trainA.Count), ("test", (long)testA.Count)], card.Splits);
    }

    [Fact]
    public void HoldOut_Unit_IsTheDocumentedSplitMix64()
    {
        // Pinned, so a script that reproduces the split (docs/protocol.md) and the daemon cannot drift apart.
        // Computed by the Python in docs/protocol.md.
        Assert.Equal(0.030709448081447266, HoldOut.Unit(42, 0));
        Assert.Equal(0.11845963771618584, HoldOut.Unit(-1, 3));
        Assert.Equal(HoldOut.Unit(42, 7), HoldOut.Unit(42, 7));
        Assert.NotEqual(HoldOut.Unit(42, 7), HoldOut.Unit(43, 7));
    }

    [Fact]
    public async Task WriteAsync_ManyRows_ShardsNamedOfTheirCount_ReadBackInOrder()
    {
        var folder = _dir.File("sharded");
        var records = Enumerable.Range(0, 7).Select(i => Answered(i, $"q{i}", $"a{i}"));
        var context = Context() with { Limits = new ParquetLimits(2, 1_000_000, 3, long.MaxValue) };

        await ExportWriter.WriteAsync(folder, "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), context);

        Assert.Equal(["data/train-00000-of-00003.parquet", "data/train-00001-of-00003.parquet", "data/train-00002-of-00003.parquet"], DataFiles(folder));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (long)i), await IndexesAsync(folder, "train"));
    }

    [Fact]
    public async Task WriteAsync_OverAnExistingDataset_ReplacesDataAndCard_KeepsTheRepositoryFiles()
    {
        var folder = _dir.File("repo");
        Directory.CreateDirectory(Path.Combine(folder, ".git"));
        await File.WriteAllTextAsync(Path.Combine(folder, ".gitattributes"), "*.parquet filter=lfs", Timeouts.Token());
        var many = Enumerable.Range(0, 7).Select(i => Answered(i, $"q{i}", $"a{i}"));
        await ExportWriter.WriteAsync(folder, "hf-dataset", many.ToAsyncEnumerable(), Timeouts.Token(),
            Context() with { Limits = new ParquetLimits(2, 1_000_000, 3, long.MaxValue) });

        await ExportWriter.WriteAsync(folder, "hf-dataset", many.Take(2).ToAsyncEnumerable(), Timeouts.Token(), Context());

        Assert.Equal(["data/train-00000-of-00001.parquet"], DataFiles(folder));
        Assert.Equal([0L, 1L], await IndexesAsync(folder, "train"));
        Assert.True(Directory.Exists(Path.Combine(folder, ".git")));
        Assert.True(File.Exists(Path.Combine(folder, ".gitattributes")));
        Assert.Equal([Path.GetFileName(folder)], Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_NoAnsweredRows_AnEmptyTrainShardWithTheSchema()
    {
        var folder = _dir.File("none");
        ExportRecord[] records = [new(0, "q", null, null, "HTTP 500", null, null, null, 4, null, State: ExportRowState.Failed)];

        var count = await ExportWriter.WriteAsync(folder, "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), Context());

        Assert.Equal(0, count);
        var train = await ParquetTable.ReadAsync(Path.Combine(folder, "data", "train-00000-of-00001.parquet"), Timeouts.Token());
        Assert.Empty(train.Rows);
        Assert.Equal("question", train.Fields[1].Name);
    }

    [Fact]
    public async Task WriteAsync_OutputIsAFile_RefusedWithoutTouchingIt()
    {
        var file = _dir.WriteText("taken", "mine");

        await Assert.ThrowsAsync<IOException>(() =>
            ExportWriter.WriteAsync(file, "hf-dataset", AsyncEnumerable.Empty<ExportRecord>(), Timeouts.Token(), Context()));

        Assert.Equal("mine", await File.ReadAllTextAsync(file, Timeouts.Token()));
    }

    private static ExportContext Context() => new("You are a ``careful`` tutor.") { Provenance = Provenance };

    private static ExportRecord Answered(long index, string question, string answer, string finish = "stop") =>
        new(index, question, answer, null, null, finish, 10, 20, 1, [new("id", index.ToString(System.Globalization.CultureInfo.InvariantCulture))], "deepseek-chat");

    private static List<string> DataFiles(string folder) =>
        Directory.GetFiles(Path.Combine(folder, "data")).Select(f => "data/" + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    private static async Task<List<long>> IndexesAsync(string folder, string split)
    {
        var indexes = new List<long>();
        foreach (var file in Directory.GetFiles(Path.Combine(folder, "data"), split + "-*.parquet").Order(StringComparer.Ordinal))
        {
            indexes.AddRange((await ParquetTable.ReadAsync(file, Timeouts.Token())).Rows.Select(r => (long)r["index"]!));
        }

        return indexes;
    }
}
