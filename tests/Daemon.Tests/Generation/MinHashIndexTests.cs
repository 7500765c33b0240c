using BatchAi.Daemon.Generation;

namespace BatchAi.Daemon.Tests.Generation;

public sealed class MinHashIndexTests
{
    [Fact]
    public void Jaccard_SortedMerge_SameAsShinglesJaccard()
    {
        var random = new Random(7);
        for (var n = 0; n < 500; n++)
        {
            // Small alphabets so the sets overlap by every amount from none to all.
            var a = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (ulong)random.Next(0, 60)).ToHashSet();
            var b = Enumerable.Range(0, random.Next(0, 40)).Select(_ => (ulong)random.Next(0, 60)).ToHashSet();

            Assert.Equal(Shingles.Jaccard(a, b), MinHashIndex.Jaccard(a.Order().ToArray(), b.Order().ToArray()), 12);
        }
    }

    [Fact]
    public void FindSimilar_EntryInManyOfTheQuerysBands_FoundOnceAndEveryEntryStillChecked()
    {
        var index = new MinHashIndex(0.7);
        var keys = new[] { "howdoescachingaffectlatency", "whatisthedifferencebetweenqueuesandlogs", "howdoescachingaffectlatencytoday" };
        index.Add(Shingles.Of(keys[0]));
        index.Add(Shingles.Of(keys[1]));

        // The first query leaves marks on the entries it looked at; the next query must look at them again.
        Assert.Null(index.FindSimilar(Shingles.Of("somethingelseentirely"), out _));
        Assert.Equal(0, index.FindSimilar(Shingles.Of(keys[2]), out var similarity));
        Assert.True(similarity >= 0.7);
        Assert.Equal(0, index.FindSimilar(Shingles.Of(keys[0]), out similarity));
        Assert.Equal(1.0, similarity);
    }
}
