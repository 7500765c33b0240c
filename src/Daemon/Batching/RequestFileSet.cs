using System.Globalization;

namespace BatchAi.Daemon.Batching;

/// <summary>
/// Request files written one after another in a folder, each split at <see cref="RequestFileLimits"/>: a line that would
/// take a file past either limit starts the next one. Each file is written as <c>NAME.partial</c> and renamed once whole,
/// so a file with the final name is never a torn one. Lines go straight to disk: memory holds one line.
/// </summary>
/// <param name="firstNumber">The number the first file takes (a batch job numbers its files across runs).</param>
/// <param name="closed">Told of each file as soon as it is whole and renamed, so it can be recorded and sent while the next is written.</param>
internal sealed class RequestFileSet(string directory, string prefix, RequestFileLimits limits, int firstNumber = 1, Action<RequestFile>? closed = null) : IDisposable
{
    private const string Partial = ".partial";
    private readonly List<RequestFile> _written = [];
    private FileStream? _file;
    private string? _path;
    private int _lines;
    private long _bytes;
    private long _first;
    private long _last;

    /// <summary>The name of the file numbered <paramref name="number"/> (from 1): <c>PREFIX-00001.jsonl</c>.</summary>
    public static string FileName(string prefix, int number) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D5}.jsonl");

    public IReadOnlyList<RequestFile> Written => _written;

    /// <summary>The file the next line goes to would be past a limit with <paramref name="lineBytes"/> more: whether the line starts a new one.</summary>
    private bool WouldSplit(long lineBytes) => _file is not null && (_lines >= limits.MaxLines || _bytes + lineBytes > limits.MaxBytes);

    public void Add(long row, ReadOnlySpan<byte> line)
    {
        if (WouldSplit(line.Length))
        {
            Close();
        }

        if (_file is null)
        {
            Directory.CreateDirectory(directory);
            _path = Path.Combine(directory, FileName(prefix, firstNumber + _written.Count));
            _file = new FileStream(_path + Partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _first = row;
        }

        _file.Write(line);
        _lines++;
        _bytes += line.Length;
        _last = row;
    }

    /// <summary>Closes the file being written (flushed to disk, then renamed); the next line starts another. Returns it, or null if none was open.</summary>
    public RequestFile? Close()
    {
        if (_file is null)
        {
            return null;
        }

        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
        File.Move(_path + Partial, _path!, overwrite: true);
        var file = new RequestFile(_path!, _lines, _bytes, _first, _last);
        _written.Add(file);
        _lines = 0;
        _bytes = 0;
        closed?.Invoke(file);
        return file;
    }

    /// <summary>Leaves no partial file behind when writing stops half-way.</summary>
    public void Dispose()
    {
        if (_file is not null)
        {
            _file.Dispose();
            _file = null;
            File.Delete(_path + Partial);
        }
    }
}
