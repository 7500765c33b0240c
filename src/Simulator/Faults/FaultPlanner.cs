using System.Collections.Concurrent;
using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Faults;

/// <summary>Decides, per request, whether to inject a fault: directives in the question first, then random faults.</summary>
internal sealed class FaultPlanner
{
    // Attempt numbers per question text, so "x2" means "the first two requests with this text".
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public SimulatorFault? Next(string question, SimulatorOptions options)
    {
        var tracked = options.Seed is not null || FaultDirective.HasAny(question);
        var attempt = tracked ? _attempts.AddOrUpdate(question, 0, static (_, n) => n + 1) : 0;
        return FaultDirective.FaultFor(question, attempt) ?? RandomFault(question, attempt, options);
    }

    public void Reset() => _attempts.Clear();

    private static SimulatorFault? RandomFault(string question, int attempt, SimulatorOptions options)
    {
        var kinds = options.FaultKinds;
        if (options.FaultRate <= 0 || kinds.Count == 0)
        {
            return null;
        }
        if (options.Seed is { } seed)
        {
            // A pure function of (seed, question, attempt): reproducible under any request interleaving.
            var random = new SplitMix64(StableHash.Of($"fault\n{seed}\n{attempt}\n{question}"));
            return random.NextDouble() < options.FaultRate ? kinds[random.NextInt(kinds.Count)] : null;
        }
        return Random.Shared.NextDouble() < options.FaultRate ? kinds[Random.Shared.Next(kinds.Count)] : null;
    }
}
