using System.Globalization;

namespace BatchAi.Daemon.Export;

/// <summary>
/// One split of an <c>hf-dataset</c>: its rows written to shards of at most <see cref="ParquetLimits.ShardRows"/> rows (or
/// <see cref="ParquetLimits.ShardBytes"/>), named <c>SPLIT-00000-of-0000N.parquet</c> once the count is known, at the end.
/// </summary>
internal sealed class HfShardSet(string dataFolder, string split, ParquetLimits limits) : IAsyncDisposable
{
    private readonly List<string> _written = [];
    private ParquetFile? _current;

    public string Split => split;

    public long Rows { get; private set; }

    /// <summary>The shards' final names, relative to the dataset's folder; known after <see cref="CompleteAsync"/>.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    public async ValueTask AddAsync(ParquetLayout layout, ExportRecord record, CancellationToken cancellationToken)
    {
        _current ??= await OpenAsync(layout, cancellationToken).ConfigureAwait(false);
        await _current.AddAsync(record, cancellationToken).ConfigureAwait(false);
        Rows++;
        if (_current.Rows >= limits.ShardRows || _current.Bytes >= limits.ShardBytes)
        {
            await CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the last shard and names them all. A split without rows still gets one file, so its glob in the card finds its schema.</summary>
    public async Task CompleteAsync(ParquetLayout layout, CancellationToken cancellationToken)
    {
        if (_written.Count == 0)
        {
            _current ??= await OpenAsync(layout, cancellationToken).ConfigureAwait(false);
        }

        await CloseAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>(_written.Count);
        for (var i = 0; i < _written.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{split}-{i:D5}-of-{_written.Count:D5}.parquet");
            File.Move(_written[i], Path.Combine(dataFolder, name));
            names.Add($"data/{name}");
        }

        Files = names;
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ParquetFile> OpenAsync(ParquetLayout layout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataFolder, string.Create(CultureInfo.InvariantCulture, $".{split}-{_written.Count}.partial"));
        _written.Add(path);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        try
        {
            return await ParquetFile.CreateAsync(stream, layout, limits, cancellationToken, ownsStream: true).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_current is { } file)
        {
            _current = null;
            try
            {
                await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
