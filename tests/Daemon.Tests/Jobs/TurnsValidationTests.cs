using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's turns and userSimulator: refused naming the field; the spec keeps them, and the simulator's endpoint and key.</summary>
public sealed class TurnsValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");

    public static TheoryData<StartJobParams, string> Bad() => new()
    {
        { new StartJobParams("in.csv", Provider, Turns: 0), "turns" },
        { new StartJobParams("in.csv", Provider, Turns: 51), "turns" },
        { new StartJobParams("in.csv", Provider, UserSimulator: new UserSimulatorConfig("m")), "userSimulator" },
        { new StartJobParams("in.csv", Provider, Turns: 2, UserSimulator: new UserSimulatorConfig(" ")), "userSimulator.model" },
        { new StartJobParams("in.csv", Provider, Turns: 2, UserSimulator: new UserSimulatorConfig(SystemPrompt: "")), "userSimulator.systemPrompt" },
        { new StartJobParams("in.csv", Provider, Turns: 2, UserSimulator: new UserSimulatorConfig(BaseUrl: "ftp://x")), "userSimulator.baseUrl" },
        { new StartJobParams("in.csv", Provider, Turns: 2, UserSimulator: new UserSimulatorConfig(ApiKeyEnv: "K")), "userSimulator.apiKeyEnv" },
        { new StartJobParams("in.csv", Provider, Turns: 2, ResponseFormat: new ResponseFormatOptions(System.Text.Json.JsonDocument.Parse("{\"type\":\"object\"}").RootElement)), "responseFormat" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_BadTurnsOrSimulator_RefusedNamingTheField(StartJobParams p, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void Validate_FiftyTurns_Accepted() => JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Turns: 50));

    [Fact]
    public void UserSimulatorEndpoint_NoneOfItsOwn_TheJobsPoolPlaysTheUser()
    {
        var spec = JobSpec.From(new StartJobParams("in.csv", Provider, Turns: 3), "/in.csv", "/out.jsonl", "jsonl");

        Assert.Equal((3, true), (spec.Turns, spec.MultiTurn));
        Assert.Null(spec.UserSimulatorEndpoint());
        Assert.Equal(spec.FingerprintModel(), spec.UserSimulatorFingerprintModel());
    }

    [Fact]
    public void UserSimulatorEndpoint_OtherModel_TheJobsEndpointAndKey()
    {
        var spec = JobSpec.From(new StartJobParams("in.csv", Provider, Turns: 3, UserSimulator: new UserSimulatorConfig("gpt-4o")), "/in.csv", "/out.jsonl", "jsonl");
        var keys = new JobKeys(v => v == "OPENAI_API_KEY" ? "sk-job" : null).Resolve(spec, null, null, null);

        var endpoint = spec.UserSimulatorEndpoint()!;
        Assert.Equal(("gpt-4o", "https://api.openai.com/v1", "sk-job"), (endpoint.Model, endpoint.BaseUrl, keys[endpoint.Name]));
        Assert.Equal("gpt-4o", spec.UserSimulatorFingerprintModel());
    }

    [Fact]
    public void UserSimulatorEndpoint_OtherBaseUrl_OnlyItsOwnKey_NeverTheJobs()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-job", ["LOCAL_KEY"] = "sk-local" };
        var own = JobSpec.From(new StartJobParams("in.csv", Provider, Turns: 2, UserSimulator: new UserSimulatorConfig("qwen", BaseUrl: "http://127.0.0.1:8000/v1", ApiKeyEnv: "LOCAL_KEY")),
            "/in.csv", "/out.jsonl", "jsonl");
        var none = own with { UserSimulator = own.UserSimulator! with { ApiKeyEnv = null } };

        Assert.Equal("sk-local", new JobKeys(environment.GetValueOrDefault).Resolve(own, null, null, null)[UserSimulatorSpec.EndpointName]);
        Assert.Null(new JobKeys(environment.GetValueOrDefault).Resolve(none, null, null, null)[UserSimulatorSpec.EndpointName]);
    }
}
