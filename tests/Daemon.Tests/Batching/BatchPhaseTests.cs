using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Ledger;

namespace BatchAi.Daemon.Tests.Batching;

/// <summary>The recovery decisions: what a restarted daemon does with each file, from what the ledger says of it.</summary>
public sealed class BatchPhaseTests
{
    private static BatchFileRecord File(string state, string? fileId = null, string? batchId = null) =>
        new("job", 1, "/data/batches/job/job-batch-00001.jsonl", 10, 1000, 0, 9, state, fileId, batchId, null, null, 0, 0, null);

    public static TheoryData<string, bool, string> Decisions() => new()
    {
        { BatchPhase.Written, true, nameof(BatchStep.Upload) },
        { BatchPhase.Written, false, nameof(BatchStep.Rewrite) },
        { BatchPhase.Uploaded, true, nameof(BatchStep.Create) },
        { BatchPhase.Created, true, nameof(BatchStep.Poll) },
        { BatchPhase.Validating, true, nameof(BatchStep.Poll) },
        { BatchPhase.InProgress, false, nameof(BatchStep.Poll) }, // the provider holds the file now: the local copy is not needed
        { BatchPhase.Finalizing, true, nameof(BatchStep.Poll) },
        { BatchPhase.Cancelling, true, nameof(BatchStep.Poll) },
        { BatchPhase.Ended, false, nameof(BatchStep.Fold) },
        { BatchPhase.Folded, false, nameof(BatchStep.None) },
        { BatchPhase.Failed, true, nameof(BatchStep.None) },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Next_FromTheLedgersState_TheStepThatGoesOn(string state, bool onDisk, string expected) =>
        Assert.Equal(expected, BatchPhase.Next(File(state), onDisk).ToString());

    [Theory]
    [InlineData("validating", BatchPhase.Validating)]
    [InlineData("in_progress", BatchPhase.InProgress)]
    [InlineData("finalizing", BatchPhase.Finalizing)]
    [InlineData("cancelling", BatchPhase.Cancelling)]
    [InlineData("completed", BatchPhase.Ended)]
    [InlineData("expired", BatchPhase.Ended)]
    [InlineData("cancelled", BatchPhase.Ended)]
    [InlineData("failed", BatchPhase.Failed)]
    public void FromProvider_EachOpenAiStatus_TheLedgersState(string status, string state) => Assert.Equal(state, BatchPhase.FromProvider(status));

    [Fact]
    public void AtProvider_OnlyBatchesCreatedAndNotFolded_AreCollectedWhilePaused()
    {
        Assert.False(BatchPhase.AtProvider(File(BatchPhase.Written)));
        Assert.False(BatchPhase.AtProvider(File(BatchPhase.Uploaded, "file-1")));
        Assert.True(BatchPhase.AtProvider(File(BatchPhase.InProgress, "file-1", "batch_1")));
        Assert.True(BatchPhase.AtProvider(File(BatchPhase.Ended, "file-1", "batch_1")));
        Assert.False(BatchPhase.AtProvider(File(BatchPhase.Folded, "file-1", "batch_1")));
    }

    [Fact]
    public void Snapshot_FailedBatch_PassesOnlyWhenEveryErrorIsTheQuotas()
    {
        using var quota = System.Text.Json.JsonDocument.Parse("""
            {"id":"batch_1","input_file_id":"file-1","status":"failed","request_counts":{"total":0,"completed":0,"failed":0},
             "errors":{"object":"list","data":[{"code":"token_limit_exceeded","message":"Enqueued token limit reached","param":null,"line":null}]}}
            """);
        using var invalid = System.Text.Json.JsonDocument.Parse("""
            {"id":"batch_2","input_file_id":"file-2","status":"failed","errors":{"data":[{"code":"invalid_json_line","message":"This line is not parseable","line":3}]}}
            """);

        var passing = BatchSnapshot.Parse(quota.RootElement);
        var refused = BatchSnapshot.Parse(invalid.RootElement);

        Assert.True(passing.Refused && passing.Errors.All(e => e.Passes));
        Assert.Equal("token_limit_exceeded: Enqueued token limit reached", passing.ErrorText());
        Assert.False(refused.Errors.All(e => e.Passes));
        Assert.Equal("invalid_json_line: This line is not parseable (line 3)", refused.ErrorText());
    }
}
