using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// The files of <c>/v1/files</c>, each on disk in a temporary folder the simulator owns and deletes when it stops, so a benchmark
/// can upload a million rows without the simulator holding them in memory.
/// </summary>
internal sealed class FileStore : IDisposable
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);
    private long _sequence;

    public FileStore()
    {
        Folder = Directory.CreateTempSubdirectory("batchai-sim-").FullName;
    }

    public string Folder { get; }

    /// <summary>OpenAI's file ids: <c>file-</c> and 22 letters and digits.</summary>
    public static string NewId() => "file-" + RandomNumberGenerator.GetString(IdAlphabet, 22);

    /// <summary>A path for a new file's bytes; the file is not created.</summary>
    public string NewPath(string id) => Path.Combine(Folder, id);

    public StoredFile Add(string id, string filename, string purpose, long bytes, long createdAt, string path)
    {
        var file = new StoredFile(id, filename, purpose, bytes, createdAt, path, Interlocked.Increment(ref _sequence));
        _files[id] = file;
        return file;
    }

    public bool TryGet(string id, out StoredFile file) => _files.TryGetValue(id, out file!);

    /// <summary>Removes the file; a batch reading it keeps its open handle (opened with <see cref="FileShare.Delete"/>).</summary>
    public bool Remove(string id)
    {
        if (!_files.TryRemove(id, out var file))
        {
            return false;
        }
        TryDelete(file.Path);
        return true;
    }

    /// <summary>Newest first, as OpenAI lists by default.</summary>
    public List<StoredFile> Snapshot() => _files.Values.OrderByDescending(f => f.Sequence).ToList();

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open somewhere (Windows): the folder goes when the simulator stops.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still open on Windows; the temp folder is the system's to clean then.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
