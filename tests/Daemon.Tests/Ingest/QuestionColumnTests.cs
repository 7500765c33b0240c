using BatchAi.Daemon.Ingest;

namespace BatchAi.Daemon.Tests.Ingest;

public sealed class QuestionColumnTests
{
    [Theory]
    [InlineData(new[] { "id", "question", "answer" }, 1)]
    [InlineData(new[] { "id", " Questions " }, 1)]
    [InlineData(new[] { "编号", "问题" }, 1)]
    [InlineData(new[] { "编号", "提问" }, 1)]
    [InlineData(new[] { "id", "PROMPT" }, 1)]
    [InlineData(new[] { "id", "Instruction" }, 1)]
    [InlineData(new[] { "id", "query" }, 1)]
    [InlineData(new[] { "id", "input", "question" }, 1)]
    [InlineData(new[] { "text", "notes" }, 0)]
    public void Resolve_NoColumnGiven_PicksFirstWellKnownNameElseFirstColumn(string[] columns, int expected)
    {
        Assert.Equal(expected, QuestionColumn.Resolve(columns, null, "q.csv"));
    }

    [Theory]
    [InlineData("Text", 1)]
    [InlineData("text", 2)]
    [InlineData("TEXT", 1)]
    [InlineData("2", 2)]
    [InlineData("0", 0)]
    public void Resolve_NameOrIndex_ExactNameThenIgnoringCaseThenIndex(string column, int expected)
    {
        string[] columns = ["id", "Text", "text"];

        Assert.Equal(expected, QuestionColumn.Resolve(columns, column, "q.csv"));
    }

    [Fact]
    public void Resolve_DigitsThatAreAColumnName_PreferTheName()
    {
        Assert.Equal(1, QuestionColumn.Resolve(["a", "0"], "0", "q.csv"));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("3")]
    [InlineData("-1")]
    public void Resolve_UnknownColumn_ThrowsColumnNotFoundListingColumns(string column)
    {
        var ex = Assert.Throws<DatasetException>(() => QuestionColumn.Resolve(["id", "问题", "note"], column, "/data/q.xlsx"));

        Assert.Equal(DatasetErrorCodes.ColumnNotFound, ex.Code);
        Assert.Equal(column, ex.Field);
        Assert.Contains($"'{column}'", ex.Message);
        Assert.Contains("/data/q.xlsx", ex.Message);
        Assert.Contains("'id', '问题', 'note'", ex.Message);
    }

    [Fact]
    public void Resolve_NoColumns_ThrowsColumnNotFound()
    {
        var ex = Assert.Throws<DatasetException>(() => QuestionColumn.Resolve([], null, "empty.csv"));

        Assert.Equal(DatasetErrorCodes.ColumnNotFound, ex.Code);
        Assert.Contains("empty.csv", ex.Message);
    }
}
