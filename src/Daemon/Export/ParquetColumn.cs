using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>One column of a Parquet export: its field, and how a record gives its value (text, or a whole number).</summary>
internal sealed class ParquetColumn
{
    private ParquetColumn(DataField field, Func<ExportRecord, string?>? text, Func<ExportRecord, long?>? number)
    {
        Field = field;
        Text = text;
        Number = number;
    }

    public DataField Field { get; }

    public Func<ExportRecord, string?>? Text { get; }

    public Func<ExportRecord, long?>? Number { get; }

    public string Name => Field.Name;

    /// <summary>The Hugging Face <c>datasets</c> dtype of the column, for a dataset card's features.</summary>
    public string Dtype => Text is null ? "int64" : "string";

    public static ParquetColumn OfText(string name, Func<ExportRecord, string?> value, bool nullable = true) =>
        new(new DataField<string>(name, nullable), value, null);

    public static ParquetColumn OfNumber(string name, Func<ExportRecord, long> value) =>
        new(new DataField<long>(name, nullable: false), null, r => value(r));

    public static ParquetColumn OfNullableNumber(string name, Func<ExportRecord, long?> value) =>
        new(new DataField<long?>(name), null, value);
}
