using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using StreamJsonRpc;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>Bad requests get an error that names the file, row or field, and the daemon keeps serving.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task StartJob_MissingFile_InputNotFoundNamingIt()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var missing = harness.Dir.File("nope.csv");

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(missing, harness.Provider())));

        Assert.Equal(ErrorCodes.InputNotFound, e.ErrorCode);
        Assert.Contains(missing, e.Message);
        await StillServesAsync(rpc);
    }

    [Fact]
    public async Task StartJob_UnsupportedExtension_ListsSupported()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var path = harness.Dir.WriteText("questions.docx", "x");

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(path, harness.Provider())));

        Assert.Equal(ErrorCodes.UnsupportedFormat, e.ErrorCode);
        Assert.Contains(".docx", e.Message);
        Assert.Contains(".xlsx", e.Message);
    }

    [Fact]
    public async Task StartJob_UnknownColumn_ColumnNotFoundListingColumns()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var path = harness.Dir.WriteText("q.csv", "title,body\na,b\n");

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(path, harness.Provider(), Column: "prompt")));

        Assert.Equal(ErrorCodes.ColumnNotFound, e.ErrorCode);
        Assert.Contains("prompt", e.Message);
        Assert.Contains("title", e.Message);
    }

    [Theory]
    [InlineData("ftp://x", "m", null, "provider.baseUrl")]
    [InlineData("http://127.0.0.1:1/v1", "", null, "provider.model")]
    [InlineData("http://127.0.0.1:1/v1", "m", 0, "concurrency")]
    public async Task StartJob_BadField_InvalidParamsNamingField(string baseUrl, string model, int? concurrency, string field)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 1);

        // StreamJsonRpc's .NET client surfaces -32602 as RemoteMethodNotFoundException; the wire carries data.field (checked end to end).
        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, new ProviderConfig(baseUrl, model), Concurrency: concurrency)));

        Assert.Equal(ErrorCodes.InvalidParams, (int)e.ErrorCode);
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public async Task StartJob_KeyVariableNotSet_ProviderConfigNamingVariable()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        var input = harness.WriteQuestions("q.csv", 1);

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<StartJobResult>(rpc, Methods.StartJob,
            new StartJobParams(input, harness.Provider() with { ApiKeyEnv = "BATCHAI_TEST_NO_SUCH_VARIABLE" })));

        Assert.Equal(ErrorCodes.ProviderConfig, e.ErrorCode);
        Assert.Contains("BATCHAI_TEST_NO_SUCH_VARIABLE", e.Message);
    }

    [Theory]
    [InlineData(Methods.GetJob)]
    [InlineData(Methods.PauseJob)]
    [InlineData(Methods.ResumeJob)]
    [InlineData(Methods.CancelJob)]
    public async Task JobMethods_UnknownJobId_JobNotFound(string method)
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var e = await Assert.ThrowsAsync<RemoteInvocationException>(() => CallAsync<JobInfo>(rpc, method, new { jobId = "no-such-job" }));

        Assert.Equal(ErrorCodes.JobNotFound, e.ErrorCode);
        Assert.Contains("no-such-job", e.Message);
        await StillServesAsync(rpc);
    }

    [Fact]
    public async Task UnknownMethod_MethodNotFound_StillServes()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();

        var e = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => CallAsync<object>(rpc, "noSuchMethod", new { }));

        Assert.Equal(ErrorCodes.MethodNotFound, (int)e.ErrorCode);
        await StillServesAsync(rpc);
    }

    private static async Task StillServesAsync(JsonRpc rpc) =>
        Assert.NotNull(await CallAsync<ListJobsResult>(rpc, Methods.ListJobs));
}
