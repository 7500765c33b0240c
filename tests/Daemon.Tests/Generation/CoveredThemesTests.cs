using BatchAi.Daemon.Generation;

namespace BatchAi.Daemon.Tests.Generation;

public sealed class CoveredThemesTests
{
    [Fact]
    public void Top_TermsCountedOncePerQuestion_InTwoOrMoreRankedByQuestions()
    {
        var themes = CoveredThemes.Of([
            "How does caching caching caching help?",
            "Why is caching slow on sharding setups?",
            "When does sharding beat replication?",
            "Is sharding worth it for replication lag?",
            "What does tracing show?",
        ]);

        // sharding in 3 questions, caching in 2 (three times in one counts once), replication in 2; tracing in one is no theme.
        Assert.Equal(["sharding", "caching", "replication"], themes.Top(10));
        Assert.Equal(["sharding"], themes.Top(1));
    }

    [Fact]
    public void Top_CountsGrowAsQuestionsArrive_RankingFollows()
    {
        var themes = new CoveredThemes();
        foreach (var q in new[] { "alpha beta?", "alpha beta?", "alpha gamma?", "delta gamma?" })
        {
            themes.Add(q);
        }

        Assert.Equal(["alpha", "beta", "gamma"], themes.Top(10));

        // gamma overtakes alpha; the ranking moves each term when its count changes, not only when it first becomes a theme.
        themes.Add("gamma delta?");
        themes.Add("gamma epsilon?");
        Assert.Equal(["gamma", "alpha", "beta", "delta"], themes.Top(10));
    }

    [Fact]
    public void Top_Chinese_TwoCharacterRunsWithoutQuestionWords()
    {
        var themes = CoveredThemes.Of(["什么是缓存穿透？", "如何避免缓存穿透？", "缓存雪崩是什么？"]);

        var top = themes.Top(3);
        Assert.Equal("缓存", top[0]);
        Assert.Contains("穿透", top);
        Assert.DoesNotContain("什么", top);
    }

    [Fact]
    public void Of_SameAsAddingOneByOne_WhateverTheOrder()
    {
        var questions = Enumerable.Range(0, 2000).Select(i => $"question about area{(char)('a' + (i % 11))} in region{(char)('a' + (i % 5))}?").ToList();
        var reversed = CoveredThemes.Of(Enumerable.Reverse(questions));

        Assert.Equal(CoveredThemes.Of(questions).Top(10), reversed.Top(10));
        // "about" is a stop word; areaa to areai are in 182 questions, areaj and areak in 181.
        Assert.Equal(["question", "regiona", "regionb", "regionc", "regiond", "regione", "areaa", "areab", "areac", "aread"], reversed.Top(10));
    }
}
