using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>An hf-dataset of a conversation job: the card says it is conversational and its features describe the nested columns the shards have.</summary>
public sealed class HfDatasetConversationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_ConversationJob_CardFeaturesMatchTheNestedColumns_EveryRowEndsWithItsAnswer()
    {
        var folder = _dir.File("set");
        var records = Enumerable.Range(0, 40).Select(Row).ToArray();
        var context = new ExportContext("Be brief.") { Kinds = new(true, true), HoldOut = new HoldOut(0.25, 7) };

        var count = await ExportWriter.WriteAsync(folder, "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), context);

        Assert.Equal(40, count);
        var text = await File.ReadAllTextAsync(Path.Combine(folder, "README.md"), Timeouts.Token());
        var card = DatasetCardYaml.Parse(text);
        foreach (var split in new[] { "train", "test" })
        {
            var table = await ParquetTable.ReadAsync(Path.Combine(folder, "data", $"{split}-00000-of-00001.parquet"), Timeouts.Token());
            Assert.Equal(table.Columns.Select(c => (c.Name, ParquetTable.Describe(c))), card.Features);
            Assert.NotEmpty(table.Rows);
            foreach (var row in table.Rows)
            {
                var index = (int)(long)row["index"]!;
                var messages = ParquetConversationTests.Messages(row);
                Assert.Equal(("system", "Be brief."), messages[0]);
                Assert.Equal(("assistant", $"answer {index}"), messages[^1]);
                Assert.Equal(index % 2 == 0 ? 5 : 3, messages.Count);
                Assert.Equal(index % 2 == 0 ? [$"imgs/{index}.png"] : [], (List<string?>)row["images"]!);
            }
        }

        Assert.Contains("  - name: messages\n    list:\n    - name: role\n      dtype: string\n    - name: content\n      dtype: string\n", text);
        Assert.Contains("  - name: images\n    sequence: string\n", text);
        Assert.Contains("tags:\n- conversational\n", text);
        Assert.Contains("## Conversational", card.Body);
        Assert.Contains("| `messages` | list of {role, content} (strings) |", card.Body);
    }

    [Fact]
    public async Task WriteAsync_PlainJob_CardHasNoConversationalParts()
    {
        var folder = _dir.File("plain");
        ExportRecord[] records = [Row(1)];

        await ExportWriter.WriteAsync(folder, "hf-dataset", records.ToAsyncEnumerable(), Timeouts.Token(), new ExportContext { Kinds = ConversationKinds.None });

        var text = await File.ReadAllTextAsync(Path.Combine(folder, "README.md"), Timeouts.Token());
        Assert.DoesNotContain("conversational", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("name: messages", text);
    }

    // Even rows: a conversation with an image; odd rows: a plain question, so the job mixes both.
    private static ExportRecord Row(int i) => i % 2 == 0
        ? new(i, $$$"""[{"role":"user","content":"Hi {{{i}}}"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"What is {{{i}}}?"},{"type":"image_url","image_url":{"url":"imgs/{{{i}}}.png"}}]}]""",
            $"answer {i}", null, null, "stop", 1, 1, 1, null, "m", Conversation: true)
        : new(i, $"Question {i}?", $"answer {i}", null, null, "stop", 1, 1, 1, null, "m");
}
