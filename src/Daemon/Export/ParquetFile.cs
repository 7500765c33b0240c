using Parquet;

namespace BatchAi.Daemon.Export;

/// <summary>One Parquet file being written row group by row group; <see cref="CompleteAsync"/> writes the last group and the footer.</summary>
internal sealed class ParquetFile : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly ParquetWriter _writer;
    private readonly ParquetRowGroup _group;
    private bool _completed;
    private bool _disposed;

    private ParquetFile(Stream stream, bool ownsStream, ParquetWriter writer, ParquetRowGroup group)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _writer = writer;
        _group = group;
    }

    public long Rows { get; private set; }

    /// <summary>The file's size so far: the row groups written, not the one held.</summary>
    public long Bytes => _stream.Position;

    public static async Task<ParquetFile> CreateAsync(Stream stream, ParquetLayout layout, ParquetLimits limits, CancellationToken cancellationToken,
        bool ownsStream = false)
    {
        var writer = await ParquetWriter.CreateAsync(layout.Schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ParquetFile(stream, ownsStream, writer, new ParquetRowGroup(layout, limits));
    }

    public async ValueTask AddAsync(ExportRecord record, CancellationToken cancellationToken)
    {
        _group.Add(record);
        Rows++;
        if (_group.IsFull)
        {
            await _group.WriteAsync(_writer, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _group.WriteAsync(_writer, cancellationToken).ConfigureAwait(false);
        _completed = true;
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // The writer's disposal writes the footer; a file abandoned on an error is deleted with its folder or temp name anyway.
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (_ownsStream)
        {
            if (_completed)
            {
                await _stream.FlushAsync().ConfigureAwait(false);
                (_stream as FileStream)?.Flush(flushToDisk: true);
            }

            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
