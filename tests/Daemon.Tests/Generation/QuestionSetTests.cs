using BatchAi.Daemon.Generation;

namespace BatchAi.Daemon.Tests.Generation;

public sealed class QuestionSetTests
{
    [Theory]
    [InlineData("What is a mutex?", "what is a MUTEX")]
    [InlineData("What is a mutex?", "  What   is a mutex ？？ ")]
    [InlineData("什么是互斥锁？", "什么是互斥锁?")]
    [InlineData("ＡＰＩ限流是什么？", "API限流是什么")]
    public void TryAdd_SameOnceNormalised_Duplicate(string first, string again)
    {
        var set = new QuestionSet(0.7);
        Assert.Equal(QuestionVerdict.Accepted, set.TryAdd(first, out _));

        Assert.Equal(QuestionVerdict.Duplicate, set.TryAdd(again, out _));
        Assert.Equal(1, set.Count);
    }

    [Theory]
    [InlineData("How does caching affect latency when traffic changes?", "How does caching affect latency when traffic changes today?")]
    [InlineData("在高并发的情况下，缓存会如何影响延迟？", "请问在高并发的情况下，缓存会如何影响延迟呢？")]
    public void TryAdd_SlightlyReworded_NearDuplicate(string first, string reworded)
    {
        var set = new QuestionSet(0.7);
        set.TryAdd(first, out _);

        Assert.True(Shingles.Jaccard(Shingles.Of(Shingles.Key(first)), Shingles.Of(Shingles.Key(reworded))) >= 0.7);
        Assert.Equal(QuestionVerdict.NearDuplicate, set.TryAdd(reworded, out _));
    }

    [Theory]
    [InlineData("How do I cook rice?", "How do I cook pasta?")]
    [InlineData("What is the capital of France?", "What is the capital of Germany?")]
    [InlineData("缓存会如何影响延迟？", "索引会如何影响写入速度？")]
    public void TryAdd_DifferentQuestionsSharingAFrame_BothAccepted(string first, string second)
    {
        var set = new QuestionSet(0.7);

        Assert.Equal(QuestionVerdict.Accepted, set.TryAdd(first, out _));
        Assert.Equal(QuestionVerdict.Accepted, set.TryAdd(second, out _));
    }

    [Fact]
    public void TryAdd_ThresholdIsTheUsers_LowerThresholdRefusesMore()
    {
        const string first = "How do I cook rice?", second = "How do I cook pasta?";
        var similarity = Shingles.Jaccard(Shingles.Of(Shingles.Key(first)), Shingles.Of(Shingles.Key(second)));
        var strict = new QuestionSet(similarity - 0.01);
        strict.TryAdd(first, out _);
        var loose = new QuestionSet(similarity + 0.01);
        loose.TryAdd(first, out _);

        Assert.Equal(QuestionVerdict.NearDuplicate, strict.TryAdd(second, out _));
        Assert.Equal(QuestionVerdict.Accepted, loose.TryAdd(second, out _));
    }

    [Fact]
    public void TryAdd_CleansTheText_KeepsCleanedQuestion()
    {
        var set = new QuestionSet(0.7);

        Assert.Equal(QuestionVerdict.Accepted, set.TryAdd("  <b>Why</b> is the sky blue?\u200B ", out var kept));
        Assert.Equal("Why is the sky blue?", kept);
        Assert.Equal(QuestionVerdict.Empty, set.TryAdd(" ?? ", out _));
    }

    [Fact]
    public void TryAdd_ThousandsOfDistinctAndVariants_IndexFindsEveryNearPairAnExactScanFinds()
    {
        // The LSH index must not miss what an exhaustive comparison would refuse (at this threshold its recall is ~99%).
        var set = new QuestionSet(0.7);
        var random = new Random(7);
        string[] words = ["cache", "queue", "index", "shard", "token", "batch", "stream", "ledger", "schema", "backup", "replica", "cursor", "socket", "thread"];
        var kept = new List<HashSet<ulong>>();
        var refusedNear = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = $"How does {words[random.Next(words.Length)]} {words[random.Next(words.Length)]} affect {words[random.Next(words.Length)]} {words[random.Next(words.Length)]}?";
            var shingles = Shingles.Of(Shingles.Key(text));
            var exact = kept.Any(k => Shingles.Jaccard(k, shingles) >= 0.7);
            var verdict = set.TryAdd(text, out _);
            if (verdict == QuestionVerdict.Accepted)
            {
                Assert.False(exact, $"accepted '{text}' though an accepted question is at least 0.7 similar");
                kept.Add(shingles);
            }
            else
            {
                refusedNear++;
            }
        }

        Assert.True(kept.Count > 50 && refusedNear > 100, $"kept {kept.Count}, refused {refusedNear}: the sample tests nothing");
    }
}
