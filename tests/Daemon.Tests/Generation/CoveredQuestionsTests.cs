using BatchAi.Daemon.Generation;

namespace BatchAi.Daemon.Tests.Generation;

public sealed class CoveredQuestionsTests
{
    [Fact]
    public void Of_LargeSet_SampleBoundedNewestFirstThenSpread()
    {
        var accepted = Enumerable.Range(0, 50_000).Select(i => $"q{i}").ToList();

        var covered = CoveredQuestions.Of(accepted, new CoveredThemes());

        Assert.Equal(50_000, covered.Count);
        Assert.Equal(CoveredQuestions.MostSampled, covered.Sample.Count);
        Assert.Equal(["q49999", "q0", "q49998", "q3125", "q49997"], covered.Sample.Take(5));
        Assert.Equal(covered.Sample.Count, covered.Sample.Distinct().Count());
    }

    [Fact]
    public void Covered_QuestionSet_CountsThemesAsQuestionsAreAccepted()
    {
        var set = new QuestionSet(0.7);
        Assert.Same(CoveredQuestions.None, set.Covered());

        set.TryAdd("How does sharding change backups?", out _);
        set.TryAdd("Why do teams avoid sharding early?", out _);
        set.TryAdd("How does sharding change backups", out _); // a duplicate: not counted

        var covered = set.Covered();
        Assert.Equal(2, covered.Count);
        Assert.Equal(["sharding"], covered.Themes);
        Assert.Equal(["Why do teams avoid sharding early?", "How does sharding change backups?"], covered.Sample);
    }
}
