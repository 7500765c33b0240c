using BatchAi.Daemon.Export;

namespace BatchAi.Daemon.Tests.Export;

public sealed class PreferencePairTests
{
    private static ExportAnswer A(int slot, double? score, string? answer = "a", string? error = null, string finish = "stop", string? reason = null) =>
        new(slot, "m", slot, error is null && answer is not null, answer is null ? null : $"{answer}{slot}", null, finish, 1, 1, error, score, reason ?? (score is null ? null : $"why {slot}"));

    [Fact]
    public void Of_BestAndWorstByScore_PairedWhenTheMarginHolds()
    {
        var (pair, reason) = PreferencePair.Of([A(0, 6), A(1, 9), A(2, 3), A(3, 7)], margin: 1);

        Assert.Null(reason);
        Assert.Equal((1, 2), (pair!.Chosen.Slot, pair.Rejected.Slot));
        Assert.Equal(6, pair.Difference);
    }

    [Theory]
    [InlineData(2.0, true)]
    [InlineData(2.5, false)]
    public void Of_ScoresDifferByExactlyOrLessThanTheMargin_PairedOnlyAtOrAbove(double margin, bool paired)
    {
        var (pair, reason) = PreferencePair.Of([A(0, 7), A(1, 5)], margin);

        Assert.Equal(paired, pair is not null);
        if (!paired)
        {
            Assert.Equal("the best and worst scores (7 and 5) differ by less than the margin 2.5", reason);
        }
    }

    [Fact]
    public void Of_TiedScores_BrokenBySlot_TheBestsLowestAgainstTheWorstsHighest()
    {
        var (pair, _) = PreferencePair.Of([A(0, 4), A(1, 8), A(2, 8), A(3, 4)], margin: 1);

        Assert.Equal((1, 3), (pair!.Chosen.Slot, pair.Rejected.Slot));
    }

    [Fact]
    public void Of_AllTied_NeverAnAnswerAgainstItself_AndNoPairUnderAMargin()
    {
        Assert.Equal("the best and worst scores (5 and 5) differ by less than the margin 1", PreferencePair.Of([A(0, 5), A(1, 5)], 1).Reason);

        var (pair, _) = PreferencePair.Of([A(0, 5), A(1, 5)], margin: 0);
        Assert.Equal((0, 1), (pair!.Chosen.Slot, pair.Rejected.Slot));
    }

    [Fact]
    public void Of_UnscoredFailedOrTruncatedAnswers_NotPaired()
    {
        var answers = new[] { A(0, null, reason: "judge gave up"), A(1, 9, error: "HTTP 500"), A(2, 1, finish: "length"), A(3, 8) };

        Assert.Equal((null, "1 scored answer: a pair needs 2 or more"), PreferencePair.Of(answers, 1));
        Assert.Equal("0 scored answers: a pair needs 2 or more", PreferencePair.Of(null, 1).Reason);
    }

    [Fact]
    public void Of_TheBestBelowTheMinimumScore_NoPair()
    {
        Assert.Equal("the best answer scored 6, below the minimum score 7", PreferencePair.Of([A(0, 6), A(1, 2)], 1, minScore: 7).Reason);
        Assert.NotNull(PreferencePair.Of([A(0, 7), A(1, 2)], 1, minScore: 7).Pair);
    }

    [Theory]
    [InlineData(8.0, 8.0, null)]
    [InlineData(7.5, 8.0, "scored 7.5, below the minimum score 8")]
    [InlineData(null, 8.0, "not judged: the judge's verdict is not valid")]
    [InlineData(3.0, null, null)]
    public void ScoreFilter_AtOrAboveTheMinimumStays_BelowOrUnjudgedExcludedWithWhy(double? score, double? minimum, string? expected)
    {
        var answer = A(0, score, reason: score is null ? "the judge's verdict is not valid" : "fine");

        Assert.Equal(expected, ScoreFilter.ExclusionReason(answer, minimum));
    }

    [Fact]
    public void ScoreFilter_NoAnswerRecordUnderAMinimum_ExcludedAsNotJudged() =>
        Assert.Equal("not judged", ScoreFilter.ExclusionReason(null, 5));
}
