using System.Text;
using System.Text.Json;
using BatchAi.Simulator;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>Input files for the daemon and checks on what it writes.</summary>
internal static class Datasets
{
    /// <summary>Distinct questions (the simulator counts requests per question text), some needing CSV quoting.</summary>
    public static string[] Questions(int count, string tag) =>
        Enumerable.Range(0, count).Select(i => i % 5 == 0
            ? $"Q{i} ({tag}): why is \"{i}\" interesting, in one line?"
            : $"Q{i} ({tag}): what is {i} times {i + 1}?").ToArray();

    /// <summary>Writes an id,question CSV with every field quoted.</summary>
    public static string WriteCsv(string path, IReadOnlyList<string> questions)
    {
        var text = new StringBuilder("id,question\n");
        for (var i = 0; i < questions.Count; i++)
        {
            text.Append(i + 1).Append(",\"").Append(questions[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        return path;
    }

    public static List<JsonElement> ReadJsonl(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>Every input row exactly once, in input order, each with the simulator's exact answer and no error.</summary>
    public static void AssertAllAnswered(string outputPath, IReadOnlyList<string> questions)
    {
        var records = ReadJsonl(outputPath);
        Assert.Equal(Enumerable.Range(0, questions.Count).Select(i => (long)i), records.Select(r => r.GetProperty("index").GetInt64()));
        for (var i = 0; i < questions.Count; i++)
        {
            var record = records[i];
            Assert.Equal(questions[i], record.GetProperty("question").GetString());
            Assert.Equal(SimulatorServer.AnswerFor(questions[i]), record.GetProperty("answer").GetString());
            Assert.Equal(JsonValueKind.Null, record.GetProperty("error").ValueKind);
        }
    }
}
