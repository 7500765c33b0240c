using BatchAi.Daemon.Common;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>Checks a <c>startJob</c>'s <c>samples</c> and <c>models</c>, and what they cannot be combined with, naming the field at fault.</summary>
internal static class SlotOptions
{
    public const int MaxSamples = 16;

    public static void Validate(StartJobParams p, Func<string, string, RequestRefusedException> invalid)
    {
        if (p.Samples is < 1 or > MaxSamples)
        {
            throw invalid("samples", $"samples must be between 1 and {MaxSamples} (got {p.Samples}).");
        }

        if (p.Models is { } models)
        {
            if (models.Count == 0)
            {
                throw invalid("models", "models must name at least one model (or be left out: the job's endpoints answer each row once).");
            }

            if (models.FirstOrDefault(string.IsNullOrWhiteSpace) is not null)
            {
                throw invalid("models", "models must not hold an empty name.");
            }

            if (models.Select(m => m.Trim()).GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw invalid("models", $"models names '{twice.Key}' twice: each model is asked once per sample.");
            }
        }

        var field = p.Samples is > 1 ? "samples" : p.Models is not null ? "models" : p.Judge is not null ? "judge" : null;
        if (field is null)
        {
            return;
        }

        if (p.Turns is > 1)
        {
            // A conversation's turns each depend on the answer before: several answers per row would be several conversations.
            throw invalid(field, $"{field} cannot be combined with turns above 1: give one or the other.");
        }

        if (p.Mode is not null && p.Mode != JobModes.Online)
        {
            // A batch request file holds one request per row; a row's several answers (and their judge) are asked online for now.
            throw invalid(field, $"{field} cannot be combined with mode {p.Mode}: a row's several answers are asked online only (mode online).");
        }
    }
}
