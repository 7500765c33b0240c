using System.Text;
using System.Text.Json;
using BatchAi.Daemon.Tests.Export;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>
/// A job mixing plain and image rows, exported as parquet and hf-dataset through the protocol: the ledger decides the columns
/// (the first row is plain, an image comes later), and every row's messages are its JSONL conversation and its answer.
/// </summary>
public sealed class ConversationParquetExportTests
{
    [Fact]
    public async Task ExportJob_PlainRowsThenImageRows_MessagesAndImagesForEveryRow_CardMatchesTheShards()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.File("pics.csv");
        await File.WriteAllTextAsync(input,
            "question,image\nNo picture here?,\nWhat is in picture one?,https://img.test/1.png\nStill no picture?,\nWhat is in picture three?,https://img.test/3.png\n",
            new UTF8Encoding(false), Timeouts.Token());
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider(), SystemPrompt: "Be brief."));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var parquet = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, Format: "parquet"));
        var dataset = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, Format: "hf-dataset"));

        var jsonl = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var table = await ParquetTable.ReadAsync(parquet.Output, Timeouts.Token());
        var train = await ParquetTable.ReadAsync(Path.Combine(dataset.Output, "data", "train-00000-of-00001.parquet"), Timeouts.Token());
        foreach (var rows in new[] { table.Rows, train.Rows })
        {
            Assert.Equal(4, rows.Count);
            for (var i = 0; i < 4; i++)
            {
                var question = jsonl[i].GetProperty("question").GetString()!;
                var image = i % 2 == 1 ? $"https://img.test/{i}.png" : null;
                List<(string, string)> expected = [("system", "Be brief."), ("user", (image is null ? "" : "<image>") + question), ("assistant", jsonl[i].GetProperty("answer").GetString()!)];
                Assert.Equal(expected, ParquetConversationTests.Messages(rows[i]));
                Assert.Equal(image is null ? [] : [image], (List<string?>)rows[i]["images"]!);
                Assert.Equal(question, rows[i]["question"]);
            }
        }

        var card = DatasetCardYaml.Parse(await File.ReadAllTextAsync(Path.Combine(dataset.Output, "README.md"), Timeouts.Token()));
        Assert.Equal(train.Columns.Select(c => (c.Name, ParquetTable.Describe(c))), card.Features);
        Assert.Contains(card.Features, f => f == ("messages", "list<struct<role: string, content: string>>"));
    }
}
