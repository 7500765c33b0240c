using System.Text.RegularExpressions;

namespace BatchAi.Simulator.Faults;

/// <summary>
/// A <c>[[sim:KIND]]</c> or <c>[[sim:KINDxN]]</c> marker inside a question. Without a count the fault happens
/// on every request; with one it happens on that many requests. Several markers apply in order,
/// e.g. <c>[[sim:500x1]][[sim:429x1]]</c> gives 500, then 429, then an answer.
/// </summary>
internal readonly partial record struct FaultDirective(SimulatorFault Fault, int? Count)
{
    public static SimulatorFault? FaultFor(string question, int attempt)
    {
        if (!question.Contains("[[sim:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        foreach (Match match in Marker().Matches(question))
        {
            var fault = ParseKind(match.Groups["kind"].Value);
            if (!match.Groups["count"].Success)
            {
                return fault;
            }
            var count = int.Parse(match.Groups["count"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            if (attempt < count)
            {
                return fault;
            }
            attempt -= count;
        }
        return null;
    }

    public static bool HasAny(string question) =>
        question.Contains("[[sim:", StringComparison.OrdinalIgnoreCase) && Marker().IsMatch(question);

    private static SimulatorFault ParseKind(string kind) => kind.ToLowerInvariant() switch
    {
        "429" => SimulatorFault.RateLimited429,
        "500" => SimulatorFault.ServerError500,
        "503" => SimulatorFault.Unavailable503,
        "cut" => SimulatorFault.StreamCut,
        "400" => SimulatorFault.BadRequest400,
        "garbage" => SimulatorFault.Garbage,
        _ => SimulatorFault.NeverAnswers,
    };

    [GeneratedRegex(@"\[\[sim:(?<kind>429|500|503|400|cut|hang|garbage)(?:x(?<count>\d{1,9}))?\]\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
