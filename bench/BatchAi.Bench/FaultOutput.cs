using System.Text.Json;
using BatchAi.Simulator;

namespace BatchAi.Bench;

/// <summary>Checks a job's JSONL output: every question of the input once, each with exactly the simulator's answer.</summary>
internal static class FaultOutput
{
    public static (bool Exact, string Note) Check(IReadOnlyList<string> questions, string outputPath, SimulatorOptions options)
    {
        if (!File.Exists(outputPath))
        {
            return (false, "no output");
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var wrong = 0;
        foreach (var line in File.ReadLines(outputPath).Where(l => l.Length > 0))
        {
            var row = JsonDocument.Parse(line).RootElement;
            var question = row.GetProperty("question").GetString() ?? "";
            seen[question] = seen.GetValueOrDefault(question) + 1;
            var answer = row.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            if (answer != SimulatorServer.AnswerFor(question, options))
            {
                wrong++;
            }
        }
        var missing = questions.Count(q => !seen.ContainsKey(q));
        var repeated = seen.Values.Count(n => n > 1);
        var exact = missing == 0 && repeated == 0 && wrong == 0 && seen.Count == questions.Count;
        return (exact, exact ? "" : $"{missing} missing, {repeated} repeated, {wrong} wrong");
    }
}
