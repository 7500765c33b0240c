namespace BatchAi.Protocol.Datasets;

/// <summary>Parameters of <c>previewDataset</c>: the same reading options as <c>startJob</c>.</summary>
/// <param name="Input">Path of an .xlsx, .xls, .csv, .tsv, .json or .jsonl file.</param>
/// <param name="Sheet">For a spreadsheet: the sheet, by name or 0-based index (default the first).</param>
/// <param name="Column">The prompt column, by name or 0-based index; default a column named like question/问题/prompt, else the first. Not with <paramref name="Template"/>.</param>
/// <param name="Template">Builds the prompt from several columns, e.g. <c>{{title}}\n\n{{body}}</c>. Not with <paramref name="Column"/>.</param>
/// <param name="Cleaning">Which cleaning rules run (default: all).</param>
/// <param name="Rows">How many leading rows to show, 1 to 1000 (default 10).</param>
/// <param name="Encoding">Text encoding of a CSV/TSV/JSON/JSONL file, e.g. <c>gb18030</c>, <c>utf-16</c> (default: detected).</param>
/// <param name="Delimiter">CSV field delimiter, one character or <c>tab</c> (default: detected).</param>
/// <param name="ImageColumn">The image column, as <c>startJob</c> takes it (default a column named image, img, 图片...).</param>
public sealed record PreviewDatasetParams(
    string Input,
    string? Sheet = null,
    string? Column = null,
    string? Template = null,
    CleaningOptions? Cleaning = null,
    int? Rows = null,
    string? Encoding = null,
    string? Delimiter = null,
    string? ImageColumn = null);
