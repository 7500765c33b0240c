using BatchAi.Daemon.Cleaning;
using BatchAi.Daemon.Ingest;
using BatchAi.Protocol.Datasets;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Tests.Prompting;

public sealed class RowPreparerTests
{
    private static readonly string[] Columns = ["id", "title", "body"];

    private static SourceRow Row(long index, params string?[] cells) => new(index, cells) { RowNumber = index + 2 };

    [Fact]
    public void Prepare_Template_FillsCleanedCellsKeepsTemplateText()
    {
        var preparer = new RowPreparer(Columns, new RowPreparation(Template: "Q: {{ title }}\n\n{{BODY}}  ({{0}})"), "f.csv");

        var row = preparer.Prepare(Row(0, "7", " <b>Title</b> ", "body\u200B  text"));

        Assert.Equal("Q: Title\n\nbody text  (7)", row.Prompt);
        Assert.Equal("Q:  <b>Title</b> \n\nbody\u200B  text  (7)", row.Raw);
        Assert.Equal(["html", "invisible", "whitespace"], preparer.Cleaner.Names(row.ChangedBy));
        Assert.Null(row.Skip);
    }

    [Fact]
    public void Parse_TemplateNamesMissingColumns_ErrorNamesThemAndListsColumns()
    {
        var e = Assert.Throws<DatasetException>(() => new RowPreparer(Columns, new RowPreparation(Template: "{{title}} {{summary}} {{tags}}"), "f.csv"));

        Assert.Equal(BatchAi.Protocol.ErrorCodes.ColumnNotFound, e.Code);
        Assert.Equal("template", e.Field);
        Assert.Contains("'summary', 'tags'", e.Message);
        Assert.Contains("'body'", e.Message);
    }

    [Fact]
    public void Prepare_DuplicatesAfterCleaning_SkippedNamingFirstRow()
    {
        var preparer = new RowPreparer(Columns, new RowPreparation(Column: "body"), "f.csv");

        var rows = new[] { "same  text", "other", "<p>same text</p>", "SAME TEXT" }.Select((b, i) => preparer.Prepare(Row(i, null, null, b))).ToList();

        Assert.Equal([null, null, "row 2: duplicate of row 0; not sent again", null], rows.Select(r => r.Skip));
        Assert.Equal(1, preparer.Tally.Duplicates);
    }

    [Fact]
    public void Prepare_SkipDuplicatesOff_DuplicatesSent()
    {
        var preparer = new RowPreparer(Columns, new RowPreparation(Column: "body", Cleaning: new CleaningOptions(SkipDuplicates: false)), "f.csv");

        Assert.All(new[] { "a", "a" }.Select((b, i) => preparer.Prepare(Row(i, null, null, b))), r => Assert.Null(r.Skip));
    }

    [Fact]
    public void Prepare_EmptyCells_SkippedUnlessSkipEmptyOffAndTemplateHasText()
    {
        var skipping = new RowPreparer(Columns, new RowPreparation(Template: "Translate: {{body}}"), "f.csv");
        var sending = new RowPreparer(Columns, new RowPreparation(Template: "Translate: {{body}}", Cleaning: new CleaningOptions(SkipEmpty: false)), "f.csv");
        var column = new RowPreparer(Columns, new RowPreparation(Column: "body", Cleaning: new CleaningOptions(SkipEmpty: false)), "f.csv");

        Assert.Equal(SkipKind.Empty, skipping.Prepare(Row(0, "1", "t", "\u200B ")).SkipKind);
        Assert.Equal("Translate: ", sending.Prepare(Row(0, "1", "t", "\u200B ")).Prompt);
        Assert.Equal(SkipKind.Empty, column.Prepare(Row(0, "1", "t", "  ")).SkipKind);
    }

    [Fact]
    public void Prepare_OversizedCell_ThrowsNamingRowOrSkipsWhenAsked()
    {
        var huge = new string('x', RowPreparer.MaxCellChars + 1);

        var e = Assert.Throws<DatasetException>(() => new RowPreparer(Columns, new RowPreparation(Column: "title"), "f.csv").Prepare(Row(3, "1", "ok", huge)));
        var skipped = new RowPreparer(Columns, new RowPreparation(Column: "title", SkipBadRows: true), "f.csv").Prepare(Row(3, "1", "ok", huge));

        Assert.Equal(5, e.Row);
        Assert.Contains("f.csv, row 5: the cell in column 'body'", e.Message);
        Assert.Equal(SkipKind.Unreadable, skipped.SkipKind);
    }
}
