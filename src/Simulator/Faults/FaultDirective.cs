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

    // The regex admits only known names.
    private static SimulatorFault ParseKind(string kind) => SimulatorFaultNames.TryParse(kind, out var fault) ? fault : SimulatorFault.NeverAnswers;

    [GeneratedRegex(@"\[\[sim:(?<kind>429|500|503|400|cut|hang|garbage|overloaded|quota|drip)(?:x(?<count>\d{1,9}))?\]\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
