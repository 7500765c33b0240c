using System.Text.Json;
using BatchAi.Daemon.Rpc.Preview;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Tests.Rpc.Preview;

/// <summary>
/// Each sample in the corpus, read and cleaned with the default rules, gives exactly the prompts in its
/// <c>.expected.json</c> ("SKIP: ..." for a row that is not sent, with part of the reason).
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Samples => Corpus.WithExpectedOutput();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Preview_Sample_CleanedRowsAsExpected(string sample)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Corpus.File(sample + ".expected.json")));
        var template = expected.RootElement.TryGetProperty("template", out var t) ? t.GetString() : null;
        var rows = expected.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetString()!).ToList();

        var result = await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(Corpus.File(sample), Template: template, Rows: 1000), Timeouts.Token());

        Assert.True(result.RowCountExact);
        Assert.Equal(rows.Count, result.RowCount);
        Assert.Empty(result.BadRows);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = result.Rows[i];
            if (rows[i].StartsWith("SKIP: ", StringComparison.Ordinal))
            {
                Assert.NotNull(row.Skip);
                Assert.Contains(rows[i]["SKIP: ".Length..], row.Skip);
            }
            else
            {
                Assert.Null(row.Skip);
                Assert.Equal(rows[i], row.Cleaned);
            }
        }
    }

    [Fact]
    public async Task Preview_ChineseCsv_DetectsGb18030AndCountsRules()
    {
        var result = await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(Corpus.File("chinese-gb18030.csv")), Timeouts.Token());

        Assert.Equal(("csv", "gb18030", ","), (result.Format, result.Encoding, result.Delimiter));
        Assert.Equal(["编号", "问题"], result.Columns);
        Assert.Equal("问题", result.PromptColumn);
        Assert.Equal("你好,世界!请介绍一下自己", result.Rows[0].Raw);
        Assert.Equal(["cjk-punctuation"], result.Rows[0].Rules);
        Assert.Equal(["fullwidth-ascii"], result.Rows[3].Rules);
        Assert.Equal((6L, 1L, 1L), (result.Cleaning.Rows, result.Cleaning.Duplicates, result.Cleaning.Empty));
        Assert.Equal(3, result.Cleaning.Changed["cjk-punctuation"]);
        Assert.Equal(0, result.Cleaning.Changed["html"]);
    }

    [Fact]
    public async Task Preview_RaggedCsv_ReportsRaggedRowsNotFatal()
    {
        var result = await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(Corpus.File("ragged.csv")), Timeouts.Token());

        Assert.Equal((2L, 2L), (result.RaggedRows, result.FirstRaggedRow));
        Assert.Equal(["question", "a", "column3", "column4"], result.Columns);
        Assert.Equal(["long row", "1", "2", "3"], result.Rows[1].Cells);
    }

    [Fact]
    public async Task Preview_RulesTurnedOff_TextLeftAsIs()
    {
        var cleaning = new CleaningOptions(Html: false, RepeatedPunctuation: false);

        var result = await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(Corpus.File("messy-html.csv"), Cleaning: cleaning), Timeouts.Token());

        Assert.Equal("<p>What is <b>photosynthesis</b>?</p>", result.Rows[0].Cleaned);
        Assert.Equal("<script>track()</script>Why??? Why!!!", result.Rows[4].Cleaned);
        Assert.DoesNotContain("html", result.Cleaning.Changed.Keys);
    }
}
