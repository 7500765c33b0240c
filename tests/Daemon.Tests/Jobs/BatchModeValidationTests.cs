using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's batch mode and options: each bad value refused naming its field; good ones accepted.</summary>
public sealed class BatchModeValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");

    private static StartJobParams Batch(BatchOptions? options, string? mode = JobModes.Batch) => new("in.csv", Provider, Mode: mode, Batch: options);

    public static TheoryData<StartJobParams, string> Bad() => new()
    {
        { Batch(new BatchOptions(MaxLines: 0)), "batch.maxLines" },
        { Batch(new BatchOptions(MaxBytes: 100)), "batch.maxBytes" },
        { Batch(new BatchOptions(CompletionWindow: "tomorrow")), "batch.completionWindow" },
        { Batch(new BatchOptions(PollSeconds: 0)), "batch.pollSeconds" },
        { Batch(new BatchOptions(PollSeconds: 301)), "batch.pollSeconds" },
        { Batch(new BatchOptions(MaxLines: 10), mode: null), "batch" },
        { Batch(new BatchOptions(MaxLines: 10), mode: JobModes.Offline), "batch" },
        { new StartJobParams("in.csv", Provider, Mode: JobModes.Batch, Turns: 2), "turns" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_BadBatchOption_RefusedNamingTheField(StartJobParams p, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void Validate_BatchWithEveryOption_Accepted() =>
        JobRequestValidator.Validate(Batch(new BatchOptions(MaxLines: 1, MaxBytes: 1024, CompletionWindow: "24h", PollSeconds: 0.5)));

    [Fact]
    public void Validate_BatchWithoutOptions_Accepted() => JobRequestValidator.Validate(Batch(null));
}
