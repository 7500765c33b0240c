namespace BatchAi.Daemon.Export;

/// <summary>
/// How much a Parquet export holds in memory and how large a dataset's shard grows. A row group is buffered whole before it
/// is written, so it is bounded both in rows and in text: 50,000 short answers or a few thousand long ones.
/// </summary>
/// <param name="RowGroupRows">Rows per row group at most.</param>
/// <param name="RowGroupChars">Characters of text per row group at most (about twice as many bytes in memory).</param>
/// <param name="ShardRows">Rows per file of an <c>hf-dataset</c> split at most.</param>
/// <param name="ShardBytes">A shard is closed once it passes this size; the Hub's guidance is files of a few hundred MB.</param>
internal sealed record ParquetLimits(int RowGroupRows, long RowGroupChars, long ShardRows, long ShardBytes)
{
    public static ParquetLimits Default { get; } = new(50_000, 8 * 1024 * 1024, 1_000_000, 256L * 1024 * 1024);
}
