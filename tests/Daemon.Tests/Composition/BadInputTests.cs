using System.Text;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>startJob refuses a file it cannot use before the job exists, naming the file (and the row where there is one); the daemon keeps serving.</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("empty.csv", "is empty", null)]
    [InlineData("header-only.csv", "no data rows", null)]
    [InlineData("not-array.json", "expected a JSON array", 1L)]
    [InlineData("broken.jsonl", "line 3: not valid JSON", 3L)]
    [InlineData("binary.csv", "zip archive", 1L)]
    [InlineData("invalid-utf8.csv", "line 4: not valid UTF-8", 4L)]
    [InlineData("corrupt.xlsx", "not a readable Excel workbook", null)]
    [InlineData("encrypted.xlsx", "not a readable Excel workbook", null)]
    public async Task StartJob_UnusableFile_RefusedNamingFileAndRow(string sample, string reason, long? row)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var path = harness.Dir.WriteBytes(sample, File.ReadAllBytes(Corpus.File(Path.Combine("bad", sample))));

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(path, harness.Provider())));

        Assert.Equal(ErrorCodes.InvalidInput, e.ErrorCode);
        Assert.Contains(path, e.Message);
        Assert.Contains(reason, e.Message);
        // The error's data.file and data.row come verbatim from the exception (RpcErrors); the .NET client hides them, so read them here.
        var direct = await Assert.ThrowsAsync<DatasetException>(() => harness.Host.Jobs.StartAsync(new StartJobParams(path, harness.Provider()), null, Timeouts.Token()));
        Assert.Equal((path, row), (direct.File, direct.Row));
        Assert.Empty((await CallAsync<ListJobsResult>(rpc, Methods.ListJobs)).Jobs);
    }

    [Fact]
    public async Task StartJob_TenMegabyteCell_RefusedNamingRowAndColumn()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var path = harness.Dir.File("huge.csv");
        await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            await writer.WriteAsync("id,question\n1,short\n2,\"");
            await writer.WriteAsync(new string('x', 10 * 1024 * 1024));
            await writer.WriteAsync("\"\n");
        }

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(path, harness.Provider())));

        Assert.Equal(ErrorCodes.InvalidInput, e.ErrorCode);
        Assert.Contains($"{path}, row 3: the cell in column 'question' holds 10,485,760 characters", e.Message);
    }

    [Fact]
    public async Task StartJob_BrokenJsonlLineWithSkipBadRows_OtherRowsAnswered()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var path = harness.Dir.WriteBytes("broken.jsonl", File.ReadAllBytes(Corpus.File("bad/broken.jsonl")));

        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(path, harness.Provider(), SkipBadRows: true));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        Assert.Equal(3, File.ReadAllLines(started.Output).Length);
    }

    [Theory]
    [InlineData("nosuch", null, "template")]
    [InlineData(null, "x", "delimiter")]
    public async Task StartJob_BadReadingOption_RefusedNamingField(string? column, string? delimiter, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 2);

        // Column and template together, or a delimiter of more than one character.
        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Column: column, Template: column is null ? null : "{{question}}", Delimiter: delimiter is null ? null : ";;")));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public async Task StartJob_TemplateNamesMissingColumn_ColumnNotFoundNamingIt()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "title,body\na,b\n");

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider(), Template: "{{title}}\n\n{{summary}}")));

        Assert.Equal(ErrorCodes.ColumnNotFound, e.ErrorCode);
        Assert.Contains("'summary'", e.Message);
        Assert.Contains("'body'", e.Message);
    }
}
