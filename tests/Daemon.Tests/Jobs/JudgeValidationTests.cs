using BatchAi.Daemon.Common;
using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Scheduling;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Tests.Jobs;

/// <summary>startJob's judge: refused naming the field; its endpoints (the job's that serve its model, else its own) and its key.</summary>
public sealed class JudgeValidationTests
{
    private static readonly ProviderConfig Provider = new("https://api.openai.com/v1", "gpt-4o-mini", ApiKeyEnv: "OPENAI_API_KEY");

    public static TheoryData<StartJobParams, string> Bad() => new()
    {
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(" ")), "judge.rubric" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Scale: 1)), "judge.scale" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Scale: 101)), "judge.scale" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Threshold: 11)), "judge.threshold" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Scale: 5, Threshold: 6)), "judge.threshold" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Threshold: 0.5)), "judge.threshold" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(JudgeRubrics.Correctness)), "judge.referenceColumn" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(ReferenceColumn: "")), "judge.referenceColumn" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Model: " ")), "judge.model" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(BaseUrl: "ftp://x")), "judge.baseUrl" },
        { new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(ApiKeyEnv: "K")), "judge.apiKeyEnv" },
        { new StartJobParams("in.csv", Provider, Mode: JobModes.Offline, Judge: new JudgeOptions()), "judge" },
        { new StartJobParams("in.csv", Provider, Turns: 2, Judge: new JudgeOptions()), "judge" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Validate_BadJudge_RefusedNamingTheField(StartJobParams p, string field)
    {
        var e = Assert.Throws<RequestRefusedException>(() => JobRequestValidator.Validate(p));

        Assert.Equal(field, e.Where?.Field);
    }

    [Fact]
    public void Validate_CorrectnessWithAReferenceAndAThresholdOnTheScale_Accepted() =>
        JobRequestValidator.Validate(new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(JudgeRubrics.Correctness, Scale: 5, Threshold: 4.5, ReferenceColumn: "gold")));

    [Fact]
    public void Endpoints_NoModelOfItsOwn_TheJobsPoolJudges()
    {
        var spec = JobSpec.From(new StartJobParams("in.csv", Provider, Judge: new JudgeOptions()), "/in.csv", "/out.jsonl", "jsonl");

        Assert.Null(JobJudge.Endpoints(spec.Judge!, spec.AllEndpoints()));
        Assert.Equal(spec.FingerprintModel(), JobJudge.FingerprintModel(spec));
    }

    [Fact]
    public void Endpoints_AModelSomeEndpointsServe_ThoseEndpoints()
    {
        var spec = JobSpec.From(new StartJobParams("in.csv", null, Endpoints:
            [new EndpointConfig("https://a/v1", "small", "a", ApiKeyEnv: "A"), new EndpointConfig("https://b/v1", "big", "b", ApiKeyEnv: "B")],
            Judge: new JudgeOptions(Model: "big")), "/in.csv", "/out.jsonl", "jsonl");

        Assert.Equal(["b"], JobJudge.Endpoints(spec.Judge!, spec.AllEndpoints())!.Select(e => e.Name));
        Assert.Equal("big", JobJudge.FingerprintModel(spec));
    }

    [Fact]
    public void Endpoints_AModelNoEndpointServes_TheFirstEndpointWithTheModelChangedAndItsKey()
    {
        var spec = JobSpec.From(new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Model: "gpt-4o")), "/in.csv", "/out.jsonl", "jsonl");
        var keys = new JobKeys(v => v == "OPENAI_API_KEY" ? "sk-job" : null).Resolve(spec, null, null, null);

        var endpoint = Assert.Single(JobJudge.Endpoints(spec.Judge!, spec.AllEndpoints())!);
        Assert.Equal(("gpt-4o", "https://api.openai.com/v1", "sk-job"), (endpoint.Model, endpoint.BaseUrl, keys[endpoint.Name]));
    }

    [Fact]
    public void Endpoints_OtherBaseUrl_OnlyItsOwnKey_NeverTheJobs()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-job", ["JUDGE_KEY"] = "sk-judge" };
        var own = JobSpec.From(new StartJobParams("in.csv", Provider, Judge: new JudgeOptions(Model: "qwen", BaseUrl: "http://127.0.0.1:8000/v1", ApiKeyEnv: "JUDGE_KEY")),
            "/in.csv", "/out.jsonl", "jsonl");
        var none = own with { Judge = own.Judge! with { ApiKeyEnv = null } };

        Assert.Equal("sk-judge", new JobKeys(environment.GetValueOrDefault).Resolve(own, null, null, null)[JobJudge.EndpointName]);
        Assert.Null(new JobKeys(environment.GetValueOrDefault).Resolve(none, null, null, null)[JobJudge.EndpointName]);
    }
}
