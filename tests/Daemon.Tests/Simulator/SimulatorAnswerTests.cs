using BatchAi.Simulator;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorAnswerTests
{
    [Fact]
    public void AnswerFor_FixedQuestion_IsStableAcrossProcesses()
    {
        // A golden value: string.GetHashCode or System.Random would change it between runs or runtimes.
        Assert.Equal(Golden, SimulatorServer.AnswerFor("What is 2+2?"));
    }

    [Fact]
    public void AnswerFor_DifferentQuestions_DifferentWords()
    {
        var options = new SimulatorOptions { MinAnswerTokens = 20, MaxAnswerTokens = 20 };

        var a = Words(SimulatorServer.AnswerFor("alpha", options));
        var b = Words(SimulatorServer.AnswerFor("beta", options));

        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 3)]
    [InlineData(5, 9)]
    public void AnswerFor_Options_WordCountWithinBounds(int min, int max)
    {
        var options = new SimulatorOptions { MinAnswerTokens = min, MaxAnswerTokens = max };

        var counts = Enumerable.Range(0, 50).Select(i => Words(SimulatorServer.AnswerFor($"q{i}", options)).Length).ToList();

        Assert.All(counts, n => Assert.InRange(n, min, max));
    }

    [Fact]
    public void AnswerFor_LongMultilineQuestion_EchoIsOneShortLine()
    {
        var question = "line one\nline two " + new string('x', 500);

        var answer = SimulatorServer.AnswerFor(question);

        Assert.StartsWith("Simulated answer to \"line one line two xxx", answer, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', answer);
        Assert.True(answer.Length < 400);
    }

    [Fact]
    public void ReasoningFor_SameQuestion_SameTextDifferentFromAnswer()
    {
        Assert.Equal(SimulatorServer.ReasoningFor("why?"), SimulatorServer.ReasoningFor("why?"));
        Assert.StartsWith("Reasoning about \"why?\":", SimulatorServer.ReasoningFor("why?"), StringComparison.Ordinal);
    }

    private const string Golden =
        "Simulated answer to \"What is 2+2?\": because a should row results because suggests or over in data each before it need.";

    // The generated words: everything after the echoed question's closing quote and colon.
    private static string[] Words(string answer) =>
        answer[(answer.IndexOf("\":", StringComparison.Ordinal) + 2)..].TrimEnd('.').Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
