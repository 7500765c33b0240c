using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.Export;

public sealed class OutputPathTests
{
    [Theory]
    [InlineData("/data/questions.xlsx", "jsonl", "/data/questions.answers.jsonl")]
    [InlineData("/data/questions.xlsx", "CSV", "/data/questions.answers.csv")]
    [InlineData("/data/my.questions.v2.csv", "json", "/data/my.questions.v2.answers.json")]
    [InlineData("/data/问题.jsonl", "jsonl", "/data/问题.answers.jsonl")]
    public void Default_InputAndFormat_AnswersFileNextToInput(string input, string format, string expected)
    {
        Assert.Equal(Path.GetFullPath(expected), OutputPath.Default(input, format));
    }

    [Fact]
    public void Default_RelativeInput_ResolvedAgainstCurrentFolder()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "q.answers.jsonl"), OutputPath.Default("q.csv", "jsonl"));
    }

    [Fact]
    public void Default_UnknownFormat_ThrowsUnsupportedFormat()
    {
        var ex = Assert.Throws<DatasetException>(() => OutputPath.Default("q.csv", "xml"));

        Assert.Equal(DatasetErrorCodes.UnsupportedFormat, ex.Code);
    }
}
