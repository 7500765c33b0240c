namespace BatchAi.Daemon.Ingest;

internal static class DatasetFile
{
    // Read-only share so a user can keep the spreadsheet open in Excel while a job runs.
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 64 * 1024,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException(DatasetErrorCodes.InputNotFound, $"Input file not found: {path}", path, inner: ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(DatasetErrorCodes.InvalidInput, $"Cannot open {path}: {ex.Message}", path, inner: ex);
        }
    }
}
