using Parquet.Schema;

namespace BatchAi.Daemon.Export;

/// <summary>
/// One column of a Parquet export: its field, and how a row gives its value (text, a whole number, the conversation's turns
/// or a list of texts). A nested column is written leaf by leaf (<see cref="Leaves"/>), as Parquet stores it.
/// </summary>
internal sealed class ParquetColumn
{
    private ParquetColumn(Field field, ParquetFeature feature, DataField[] leaves)
    {
        Field = field;
        Feature = feature;
        Leaves = leaves;
    }

    public Field Field { get; }

    public ParquetFeature Feature { get; }

    /// <summary>The column's data fields in schema order: the field itself for a flat column; <c>role</c> and <c>content</c>, or the element, for a list.</summary>
    public IReadOnlyList<DataField> Leaves { get; }

    public Func<ParquetRow, string?>? Text { get; private init; }

    public Func<ParquetRow, long?>? Number { get; private init; }

    public Func<ParquetRow, IReadOnlyList<ChatTurn>>? Turns { get; private init; }

    public Func<ParquetRow, IReadOnlyList<string>>? Strings { get; private init; }

    public string Name => Field.Name;

    /// <summary>The type as the card's column table gives it.</summary>
    public string Dtype => Feature switch
    {
        ParquetFeature.Int64 => "int64",
        ParquetFeature.String => "string",
        ParquetFeature.Messages => "list of {role, content} (strings)",
        _ => "list of strings",
    };

    public static ParquetColumn OfText(string name, Func<ParquetRow, string?> value, bool nullable = true)
    {
        var field = new DataField<string>(name, nullable);
        return new(field, ParquetFeature.String, [field]) { Text = value };
    }

    public static ParquetColumn OfNumber(string name, Func<ParquetRow, long> value)
    {
        var field = new DataField<long>(name, nullable: false);
        return new(field, ParquetFeature.Int64, [field]) { Number = r => value(r) };
    }

    public static ParquetColumn OfNullableNumber(string name, Func<ParquetRow, long?> value)
    {
        var field = new DataField<long?>(name);
        return new(field, ParquetFeature.Int64, [field]) { Number = value };
    }

    /// <summary>
    /// <c>list&lt;struct&lt;role: string, content: string&gt;&gt;</c> in Parquet's standard three-level list, which pyarrow and
    /// <c>datasets</c> read as a list of dicts. Role and content are never null, so their leaves are required.
    /// </summary>
    public static ParquetColumn OfTurns(string name, Func<ParquetRow, IReadOnlyList<ChatTurn>> value)
    {
        DataField role = new DataField<string>("role", nullable: false), content = new DataField<string>("content", nullable: false);
        return new(new ListField(name, new StructField(ListField.ElementName, role, content)), ParquetFeature.Messages, [role, content]) { Turns = value };
    }

    /// <summary><c>list&lt;string&gt;</c>: a row without any is an empty list, not null, so a reader can iterate every row's.</summary>
    public static ParquetColumn OfStrings(string name, Func<ParquetRow, IReadOnlyList<string>> value)
    {
        var element = new DataField<string>(ListField.ElementName, nullable: false);
        return new(new ListField(name, element), ParquetFeature.Strings, [element]) { Strings = value };
    }
}
