using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>A batch job's likely time: the completion window, or less when the endpoint's last batches in the ledger finished sooner.</summary>
public sealed class BatchWindowTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(null, 24 * 3600)]
    [InlineData("24h", 24 * 3600)]
    [InlineData("336h", 336 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("2d", 2 * 86400)]
    public void Parse_AsTheBatchApisSpellIt_TheDuration(string? window, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), BatchWindow.Parse(window, "batch.completionWindow"));

    [Theory]
    [InlineData("24")]
    [InlineData("1.5h")]
    [InlineData("0h")]
    [InlineData("a day")]
    public void Parse_NotANumberAndAUnit_RefusedNamingTheField(string window)
    {
        var e = Assert.Throws<RequestRefusedException>(() => BatchWindow.Parse(window, "batch.completionWindow"));

        Assert.Equal((RefusalReason.InvalidField, "batch.completionWindow"), (e.Reason, e.Where?.Field));
        Assert.Contains($"\"{window}\"", e.Message);
    }

    [Fact]
    public async Task Seconds_NoBatchAtThisEndpoint_TheWindow()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        await BatchAsync(ledger, "other", "http://elsewhere/v1", 1, TimeSpan.FromHours(1));

        Assert.Equal(24 * 3600.0, BatchWindow.Seconds(ledger.Reader, "http://a/v1", TimeSpan.FromHours(24)));
    }

    [Fact]
    public async Task Seconds_EndpointsLastBatches_TheLongestOfTheLastFewAndNeverMoreThanTheWindow()
    {
        await using var ledger = JobLedger.Open(_dir.Path, _ => { });
        // An old slow batch (10 h), then five quicker ones (at most 3 h); one refused and one still running are not counted.
        await BatchAsync(ledger, "old", "http://a/v1", 1, TimeSpan.FromHours(10), startedDaysAgo: 9);
        for (var i = 1; i <= 5; i++)
        {
            await BatchAsync(ledger, "recent", "http://a/v1", i, TimeSpan.FromHours(i == 3 ? 3 : 1), startedDaysAgo: 5 - i);
        }

        await BatchAsync(ledger, "refused", "http://a/v1", 1, TimeSpan.FromHours(20), state: "failed");
        await BatchAsync(ledger, "running", "http://a/v1", 1, TimeSpan.FromHours(20), state: "in_progress");

        Assert.Equal(3 * 3600.0, BatchWindow.Seconds(ledger.Reader, "http://a/v1", TimeSpan.FromHours(24)));
        Assert.Equal(2 * 3600.0, BatchWindow.Seconds(ledger.Reader, "http://a/v1", TimeSpan.FromHours(2)));
    }

    // One folded batch (or one left in another state) of a job at baseUrl, written at its start and updated at its end.
    private static async Task BatchAsync(JobLedger ledger, string jobId, string baseUrl, int seq, TimeSpan took, int startedDaysAgo = 0, string state = BatchLedger.Folded)
    {
        if (ledger.Reader.GetJob(jobId) is null)
        {
            await ledger.InsertJobAsync(new JobRecord(jobId, StoredJobState.Completed, "/in.csv", "/out.jsonl", "jsonl", "m", baseUrl, "{}", 0, false, At, null, null, null));
        }

        var batches = new BatchLedger(ledger);
        var start = At.AddDays(-startedDaysAgo);
        await batches.RecordMarkedAsync(new BatchFileRecord(jobId, seq, $"/{jobId}-{seq}.jsonl", 1, 100, 0, 0, BatchLedger.Written, null, null, null, null, 0, 0, null), start);
        await batches.SetUploadedAsync(jobId, seq, $"file-{jobId}-{seq}", start);
        if (state != "failed")
        {
            await batches.SetCreatedAsync(jobId, seq, $"batch_{jobId}_{seq}", start);
        }

        if (state == BatchLedger.Folded)
        {
            await batches.SetFoldedAsync(jobId, seq, start + took);
        }
        else
        {
            await batches.SetStatusAsync(jobId, seq, state, 0, 0, null, null, state == "failed" ? "invalid" : null, start + took);
        }
    }
}
