namespace BatchAi.Daemon.Export;

/// <summary>What a Parquet column holds, as the Hugging Face <c>datasets</c> features name it on a card.</summary>
internal enum ParquetFeature
{
    /// <summary><c>dtype: int64</c>.</summary>
    Int64,

    /// <summary><c>dtype: string</c>.</summary>
    String,

    /// <summary>A list of <c>{role, content}</c> structs of strings: <c>list: [role, content]</c>.</summary>
    Messages,

    /// <summary>A list of strings: <c>sequence: string</c>.</summary>
    Strings,
}
