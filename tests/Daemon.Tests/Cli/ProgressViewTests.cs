using BatchAi.Daemon.Cli;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Cli;

public sealed class ProgressViewTests
{
    private static JobCounts Counts(decimal? cost = null, string? currency = null, double? eta = 12) =>
        new(Total: 1000, TotalKnown: true, Done: 400, Failed: 2, Skipped: 8, InFlight: 16, Pending: 574, PromptTokens: 12_000, CompletionTokens: 30_500,
            RowsPerSecond: 25.04, EtaSeconds: eta, Cost: cost, Currency: currency);

    [Fact]
    public void Describe_PricedJob_RowsRateTokensCostAndEta()
    {
        Assert.Equal("rows 410/1,000 | failed 2 | in flight 16 | 25.0 rows/s | 42,500 tokens | 0.0123 EUR | ETA 0:00:12",
            ProgressView.Describe(Counts(0.012345m, "EUR")));
    }

    [Fact]
    public void Describe_NoPrice_NoCost()
    {
        Assert.Equal("rows 410/1,000 | failed 2 | in flight 16 | 25.0 rows/s | 42,500 tokens | ETA 0:00:12", ProgressView.Describe(Counts()));
    }

    [Fact]
    public void Describe_GenerateJob_CountsQuestions()
    {
        Assert.Equal("questions 410/1,000 | 25.0 questions/s | 42,500 tokens | ETA 0:00:12", ProgressView.Describe(Counts(), ProgressView.UnitOf(JobKinds.Generate)));
    }

    [Fact]
    public void Describe_JudgedJob_AnswersAndJudged()
    {
        Assert.Equal("rows 410/1,000 | failed 2 | in flight 16 | answers 1,230 | judged 1,200 | 25.0 rows/s | 42,500 tokens | ETA 0:00:12",
            ProgressView.Describe(Counts() with { Answers = 1230, Judged = 1200 }));
    }
}
