using System.Text;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Ingest;

/// <summary>The readers must yield the first rows of a huge file having read only its beginning.</summary>
public sealed class StreamingTests : IDisposable
{
    private const int RowCount = 200_000;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("big.csv")]
    [InlineData("big.jsonl")]
    [InlineData("big.json")]
    public async Task ReadRowsAsync_LargeFile_FirstRowsComeBeforeTheFileIsRead(string name)
    {
        var path = WriteLargeFile(name);
        var length = new FileInfo(path).Length;

        await using var source = await DatasetTestHelpers.OpenAsync(path);
        var read = new List<SourceRow>();
        long? position = null;
        await foreach (var row in source.ReadRowsAsync(TestContext.Current.CancellationToken))
        {
            read.Add(row);
            if (read.Count == 3)
            {
                position = source.ReadPosition;
                break;
            }
        }

        Assert.Equal(["question 0", "question 1", "question 2"], read.Select(r => r.Cell(QuestionColumn.Resolve(source.Columns, null, path))));
        Assert.NotNull(position);
        Assert.True(position < length / 20, $"read {position} of {length} bytes to yield 3 rows");
    }

    private string WriteLargeFile(string name)
    {
        var path = _dir.File(name);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        var extension = Path.GetExtension(name);
        writer.Write(extension switch { ".csv" => "id,question,note\n", ".json" => "[\n", _ => string.Empty });
        for (var i = 0; i < RowCount; i++)
        {
            writer.Write(extension switch
            {
                ".csv" => $"{i},question {i},some padding text to make the row longer\n",
                ".json" => $"{(i == 0 ? "" : ",\n")}{{\"id\":{i},\"question\":\"question {i}\",\"note\":\"padding\"}}",
                _ => $"{{\"id\":{i},\"question\":\"question {i}\",\"note\":\"padding\"}}\n",
            });
        }

        writer.Write(extension == ".json" ? "\n]" : string.Empty);
        return path;
    }
}
