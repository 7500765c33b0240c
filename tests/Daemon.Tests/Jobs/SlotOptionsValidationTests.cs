using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's samples and models: bounds, names, and what they cannot be combined with (turns, offline), refused naming the field.</summary>
public sealed class SlotOptionsValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");

    public static TheoryData<StartJobParams, string, string> Bad() => new()
    {
        { new StartJobParams("in.csv", Provider, Samples: 0), "samples", "between 1 and 16" },
        { new StartJobParams("in.csv", Provider, Samples: 17), "samples", "between 1 and 16" },
        { new StartJobParams("in.csv", Provider, Models: []), "models", "at least one" },
        { new StartJobParams("in.csv", Provider, Models: ["a", " "]), "models", "empty name" },
        { new StartJobParams("in.csv", Provider, Models: ["a", "b", "a "]), "models", "'a' twice" },
        { new StartJobParams("in.csv", Provider, Samples: 2, Turns: 3), "samples", "turns" },
        { new StartJobParams("in.csv", Provider, Models: ["a"], Mode: JobModes.Offline), "models", "mode offline" },
        { new StartJobParams("in.csv", Provider, Samples: 3, Mode: JobModes.Offline), "samples", "mode offline" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_BadSamplesOrModels_RefusedNamingTheField(StartJobParams p, string field, string says)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SamplesAndModelsOnline_Accepted() =>
        JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Samples: 16, Models: ["a", "b"], Mode: JobModes.Online));

    [Fact]
    public void Slots_PlainJobNone_SamplesOrModelsGiven_ModelsInOrderOrTheJobsModel()
    {
        Assert.Null(Spec(new StartJobParams("in.csv", Provider)).Slots());
        Assert.Null(Spec(new StartJobParams("in.csv", Provider, Samples: 1)).Slots());
        Assert.Equal(new { Models = "gpt-4o-mini", Samples = 3, ByModel = false }, Shape(Spec(new StartJobParams("in.csv", Provider, Samples: 3)).Slots()!));
        Assert.Equal(new { Models = "b,a", Samples = 1, ByModel = true }, Shape(Spec(new StartJobParams("in.csv", Provider, Models: ["b", "a"])).Slots()!));
        Assert.Equal(["b", "a"], Spec(new StartJobParams("in.csv", Provider, Models: ["b", "a"])).AnswerModels());
    }

    private static JobSpec Spec(StartJobParams p) => JobSpec.From(p, "in.csv", "out.jsonl", "jsonl");

    private static object Shape(AnswerSlots s) => new { Models = string.Join(',', s.Models), s.Samples, s.ByModel };
}
