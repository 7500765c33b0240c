using System.Text.Json;
using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's mode: an unknown one refused; offline refused with what needs an answer before the next request (turns, re-asks).</summary>
public sealed class OfflineModeValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");

    public static TheoryData<StartJobParams, string> Bad() => new()
    {
        { new StartJobParams("in.csv", Provider, Mode: "sometimes"), "mode" },
        { new StartJobParams("in.csv", Provider, Mode: JobModes.Offline, Turns: 2), "turns" },
        { new StartJobParams("in.csv", Provider, Mode: JobModes.Offline, ResponseFormat: new ResponseFormatOptions(JsonDocument.Parse("{\"type\":\"object\"}").RootElement)), "responseFormat" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_OfflineWithTurnsOrResponseFormat_RefusedNamingTheField(StartJobParams p, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void Validate_OfflineWithOneTurn_Accepted() => JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Mode: JobModes.Offline, Turns: 1));

    [Fact]
    public void Validate_OnlineWithTurnsAndModeGiven_Accepted() => JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Mode: JobModes.Online, Turns: 3));
}
