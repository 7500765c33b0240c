namespace BatchAi.Protocol.Datasets;

/// <summary>Result of <c>previewDataset</c>: what was detected, and the leading rows raw and cleaned side by side.</summary>
/// <param name="Input">The input's full path.</param>
/// <param name="Format">Detected format: <c>xlsx</c>, <c>xls</c>, <c>csv</c>, <c>tsv</c>, <c>json</c> or <c>jsonl</c>.</param>
/// <param name="Encoding">The text encoding read (e.g. <c>utf-8</c>, <c>utf-16</c>, <c>gb18030</c>); absent for spreadsheets.</param>
/// <param name="Delimiter">The CSV/TSV delimiter used; absent for other formats.</param>
/// <param name="Sheets">A spreadsheet's sheet names; absent for other formats.</param>
/// <param name="Sheet">The sheet read.</param>
/// <param name="Columns">The column names (blank or repeated names become <c>columnN</c>).</param>
/// <param name="PromptColumn">The column the prompt is taken from; absent when a template builds it.</param>
/// <param name="Template">The template that builds the prompt, if any.</param>
/// <param name="RowCount">Data rows in the file (the header excluded).</param>
/// <param name="RowCountExact">True when every row was counted; false when <paramref name="RowCount"/> is estimated from the part of a large file read.</param>
/// <param name="Rows">The leading rows.</param>
/// <param name="Cleaning">What cleaning changed in the rows counted.</param>
/// <param name="BadRows">Rows that cannot be read (a broken JSONL line, a malformed CSV record); <c>startJob</c> refuses them unless <c>skipBadRows</c>.</param>
/// <param name="RaggedRows">CSV/TSV rows with more or fewer fields than the header, among the rows read. They are read all the same: missing cells are empty, extra cells get columns of their own.</param>
/// <param name="FirstRaggedRow">The line of the first such row.</param>
public sealed record PreviewDatasetResult(
    string Input,
    string Format,
    string? Encoding,
    string? Delimiter,
    IReadOnlyList<string>? Sheets,
    string? Sheet,
    IReadOnlyList<string> Columns,
    string? PromptColumn,
    string? Template,
    long RowCount,
    bool RowCountExact,
    IReadOnlyList<PreviewRow> Rows,
    CleaningSummary Cleaning,
    IReadOnlyList<BadRow> BadRows,
    long RaggedRows = 0,
    long? FirstRaggedRow = null);
