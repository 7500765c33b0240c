namespace BatchAi.Daemon.Prompting;

/// <summary>
/// Makes a request's local images sendable: a path (relative to the dataset's folder) or a <c>file:</c> URL becomes a
/// base64 <c>data:</c> URL, its type from the file's signature. http(s) and <c>data:</c> URLs go as they are: the daemon
/// never fetches a remote image, the provider does. Done at send time, so the ledger and the exports keep the reference.
/// </summary>
internal static class ImageInliner
{
    /// <summary>The largest local image sent by default: OpenAI's limit per image is 20 MB.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>The request with its local images inlined; the same request when it has none. Throws <see cref="ImageException"/> naming the image.</summary>
    public static ChatRequest Inline(ChatRequest request, string datasetDirectory, long maxBytes)
    {
        if (!request.Messages.Any(m => m.Parts?.Any(p => p.IsImage && IsLocal(p.ImageUrl!)) == true))
        {
            return request;
        }

        var messages = request.Messages
            .Select(m => m.Parts is null ? m : m with { Parts = [.. m.Parts.Select(p => p.IsImage && IsLocal(p.ImageUrl!) ? p with { ImageUrl = DataUrl(p.ImageUrl!, datasetDirectory, maxBytes) } : p)] })
            .ToList();
        return request with { Messages = messages };
    }

    /// <summary>Whether a reference is a local file (a path or a <c>file:</c> URL) rather than a URL the provider fetches.</summary>
    public static bool IsLocal(string reference) =>
        !reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        && !reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        && !reference.StartsWith("data:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file a local reference names: a <c>file:</c> URL's path, or a path relative to the dataset's folder.</summary>
    public static string LocalPath(string reference, string datasetDirectory) =>
        reference.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(reference, UriKind.Absolute, out var uri)
            ? uri.LocalPath
            : Path.GetFullPath(Path.Combine(datasetDirectory, reference));

    private static string DataUrl(string reference, string datasetDirectory, long maxBytes)
    {
        var path = LocalPath(reference, datasetDirectory);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new ImageException($"the image '{reference}' was not found (looked for {path})");
        }

        if (file.Length > maxBytes)
        {
            throw new ImageException($"the image '{reference}' is {file.Length:N0} bytes; at most {maxBytes:N0} are sent (maxImageBytes)");
        }

        var bytes = File.ReadAllBytes(path);
        var mime = ImageType.Of(bytes)
            ?? throw new ImageException($"the file '{reference}' is not an image batchai can send (PNG, JPEG, GIF or WebP)");
        return $"data:{mime};base64,{Convert.ToBase64String(bytes)}";
    }
}
