namespace BatchAi.Daemon.Export;

/// <summary>
/// A dataset folder written beside its target and moved into place, as <see cref="AtomicFile"/> does for a file: a failed
/// export leaves the previous dataset as it was. Only the parts the export owns are replaced, <c>data/</c> and
/// <c>README.md</c>, so the folder may be a clone of a Hub repository (its <c>.git</c> and <c>.gitattributes</c> stay).
/// </summary>
internal static class DatasetFolder
{
    public const string DataFolder = "data";
    public const string Card = "README.md";

    /// <param name="write">Writes <c>data/</c> and <c>README.md</c> into the folder it is given.</param>
    public static async Task<T> ReplaceAsync<T>(string path, Func<string, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(target))
        {
            throw new IOException($"{target} is a file; an hf-dataset is a folder (data/ and README.md).");
        }

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        // A sibling, so that each move stays on one volume and is a rename.
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(Path.Combine(staging, DataFolder));
        try
        {
            var result = await write(staging, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            MoveInto(staging, target);
            return result;
        }
        finally
        {
            TryDelete(staging);
        }
    }

    private static void MoveInto(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        // Between these two renames the folder has no data/ for an instant; the old one is kept in staging until the new is in.
        var data = Path.Combine(target, DataFolder);
        var old = Path.Combine(staging, "data.old");
        var hadData = Directory.Exists(data);
        if (hadData)
        {
            Directory.Move(data, old);
        }

        try
        {
            Directory.Move(Path.Combine(staging, DataFolder), data);
        }
        catch when (hadData)
        {
            Directory.Move(old, data);
            throw;
        }

        File.Move(Path.Combine(staging, Card), Path.Combine(target, Card), overwrite: true);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // The export's own outcome matters more than a stray temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
