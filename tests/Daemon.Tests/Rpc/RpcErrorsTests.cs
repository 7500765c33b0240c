using BatchAi.Daemon.Common;
using BatchAi.Daemon.Rpc;
using BatchAi.Protocol;
using StreamJsonRpc;

namespace BatchAi.Daemon.Tests.Rpc;

public sealed class RpcErrorsTests
{
    [Theory]
    [InlineData(nameof(RefusalReason.InvalidField), ErrorCodes.InvalidParams)]
    [InlineData(nameof(RefusalReason.NotFound), ErrorCodes.JobNotFound)]
    [InlineData(nameof(RefusalReason.InvalidState), ErrorCodes.InvalidJobState)]
    [InlineData(nameof(RefusalReason.ProviderConfig), ErrorCodes.ProviderConfig)]
    [InlineData(nameof(RefusalReason.ShuttingDown), ErrorCodes.ShuttingDown)]
    [InlineData(nameof(RefusalReason.InvalidInput), ErrorCodes.InvalidInput)]
    [InlineData(nameof(RefusalReason.OutputError), ErrorCodes.OutputError)]
    [InlineData(nameof(RefusalReason.ProviderFailed), ErrorCodes.InternalError)]
    public void CodeOf_EachReason_TheCodeClientsActOn(string reason, int code) => Assert.Equal(code, RpcErrors.CodeOf(Enum.Parse<RefusalReason>(reason)));

    [Fact]
    public void Run_Refused_MessageAndWhereAsTheErrorsData()
    {
        var e = Assert.Throws<LocalRpcException>(() => RpcErrors.Run<int>(
            () => throw new RequestRefusedException(RefusalReason.NotFound, "No job 'x'.", new RefusedAt(File: "f", Row: 3, Field: "jobId", JobId: "x")), _ => { }));

        Assert.Equal(("No job 'x'.", ErrorCodes.JobNotFound), (e.Message, e.ErrorCode));
        Assert.Equal(new ErrorData("f", 3, "jobId", "x"), e.ErrorData);
    }

    [Fact]
    public void Run_RefusedNamingNothing_NoData()
    {
        var e = Assert.Throws<LocalRpcException>(() => RpcErrors.Run<int>(
            () => throw new RequestRefusedException(RefusalReason.ShuttingDown, "The daemon is shutting down and takes no new work."), _ => { }));

        Assert.Null(e.ErrorData);
    }
}
