using BatchAi.Daemon.Generation;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Tests.Generation;

public sealed class GenerationPromptTests
{
    [Fact]
    public void Build_FirstBatch_SeedCountAndFormatNoCoveredList()
    {
        var prompt = GenerationPrompt.Build("Questions about baking bread", 20, 0, CoveredQuestions.None);

        Assert.StartsWith("Questions about baking bread\n\n---\n", prompt);
        Assert.Contains("Write 20 new questions", prompt);
        Assert.Contains("JSON array", prompt);
        Assert.DoesNotContain("exist already", prompt);
    }

    [Fact]
    public void Build_BatchesSentTogether_DifferentAngles()
    {
        Assert.NotEqual(GenerationPrompt.Build("seed", 20, 0, CoveredQuestions.None), GenerationPrompt.Build("seed", 20, 1, CoveredQuestions.None));
    }

    [Fact]
    public void Build_ManyAccepted_NamesThemesAndQuotesNewestWithinTheTokenBound()
    {
        var accepted = Enumerable.Range(0, 5000).Select(i => $"How long should sourdough number {i} proof in a cold kitchen overnight?").ToList();

        var prompt = GenerationPrompt.Build("Questions about baking bread", 20, 7, CoveredQuestions.Of(accepted, CoveredThemes.Of(accepted)));

        var covered = prompt[prompt.IndexOf("5000 questions exist already", StringComparison.Ordinal)..];
        Assert.Contains("sourdough", covered);
        Assert.Contains(accepted[^1], covered);
        Assert.Contains(accepted[0], covered);
        Assert.InRange(TokenEstimator.Count(covered), 100, GenerationPrompt.CoveredTokenBudget);
    }
}
