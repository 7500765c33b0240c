using BatchAi.Daemon.Cli;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Cli;

public sealed class BatchStatesLineTests
{
    private static BatchStatus Batch(int seq, string state) => new(seq, state, 10, 100, null, null, 0, 0, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Describe_OpenBatches_CountedByStateFurthestFirst_FoldedAndFailedLeftOut() =>
        Assert.Equal("2 batches in_progress, 1 validating", BatchStatesLine.Describe(
            [Batch(1, BatchStates.Folded), Batch(2, BatchStates.InProgress), Batch(3, BatchStates.Validating), Batch(4, BatchStates.InProgress), Batch(5, BatchStates.Failed)]));

    [Fact]
    public void Describe_OneBatch_Singular() => Assert.Equal("1 batch finalizing", BatchStatesLine.Describe([Batch(1, BatchStates.Finalizing)]));

    [Fact]
    public void Describe_NoneOpen_Null() => Assert.Null(BatchStatesLine.Describe([Batch(1, BatchStates.Folded)]));
}
