namespace BatchAi.Simulator;

/// <summary>The short names of faults, as <c>[[sim:NAME]]</c> directives and <c>batchai sim --fault-kinds</c> spell them.</summary>
public static class SimulatorFaultNames
{
    private static readonly Dictionary<string, SimulatorFault> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["429"] = SimulatorFault.RateLimited429,
        ["500"] = SimulatorFault.ServerError500,
        ["503"] = SimulatorFault.Unavailable503,
        ["cut"] = SimulatorFault.StreamCut,
        ["hang"] = SimulatorFault.NeverAnswers,
        ["400"] = SimulatorFault.BadRequest400,
        ["garbage"] = SimulatorFault.Garbage,
        ["overloaded"] = SimulatorFault.ServerOverloaded429,
        ["quota"] = SimulatorFault.QuotaExceeded429,
        ["drip"] = SimulatorFault.Drip,
    };

    /// <summary>Every name, in a stable order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    public static bool TryParse(string name, out SimulatorFault fault) => ByName.TryGetValue(name.Trim(), out fault);
}
