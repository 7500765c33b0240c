using System.CommandLine;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>--samples N</c> and <c>--models a,b,c</c>: several answers per row, every one kept.</summary>
internal sealed class SampleOptions
{
    public Option<int?> Samples { get; } = new("--samples")
    {
        Description = "Answers per row and model, 1 to 16: sent as the provider's n where it takes it (the prompt paid once), else as that many requests.",
    };

    public Option<string?> Models { get; } = new("--models")
    {
        Description = "Comma-separated models that each answer every row (each --samples times), on the endpoints serving them, else on the first with the model changed.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Samples);
        command.Options.Add(Models);
    }

    /// <summary>The request with the options given (a blank name in <c>--models</c> is left for startJob to refuse, naming the field).</summary>
    public StartJobParams Apply(ParseResult parse, StartJobParams request) => request with
    {
        Samples = parse.GetValue(Samples),
        Models = parse.GetValue(Models) is { } models ? models.Split(',').Select(m => m.Trim()).ToList() : null,
    };
}
