using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's auto mode: a deadline only with it, and what a batch line cannot carry refused as for batch mode.</summary>
public sealed class AutoModeValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");
    private static readonly DateTimeOffset Deadline = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<StartJobParams, string> Bad() => new()
    {
        { new("in.csv", Provider, Mode: JobModes.Batch, Batch: new BatchOptions(Deadline: Deadline)), "batch.deadline" },
        { new("in.csv", Provider, Mode: JobModes.Auto, Batch: new BatchOptions(CompletionWindow: "soon", Deadline: Deadline)), "batch.completionWindow" },
        { new("in.csv", Provider, Mode: JobModes.Auto, Turns: 3), "turns" },
        { new("in.csv", Provider, Mode: "sometimes"), "mode" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_BadAutoJob_RefusedNamingTheField(StartJobParams p, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void Validate_AutoWithADeadline_OrWithout_Accepted()
    {
        JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Mode: JobModes.Auto, Batch: new BatchOptions(MaxLines: 100, Deadline: Deadline)));
        JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Mode: JobModes.Auto));
    }
}
