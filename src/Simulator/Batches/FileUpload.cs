using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// <c>POST /v1/files</c>: a multipart form with <c>purpose</c> and <c>file</c>, in either order. The file streams to disk as it
/// arrives, counted on the way, so an upload of 200 MB costs a buffer, not 200 MB.
/// </summary>
internal static class FileUpload
{
    // The purposes OpenAI's upload accepts; anything else is a 400 naming them.
    private static readonly string[] Purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"];

    public static async Task HandleAsync(HttpContext context, FileStore store, SimulatorOptions options, SimulatorStats stats)
    {
        // Kestrel stops bodies at 30 MB by default, well under OpenAI's 200 MB; the limit is checked below instead, as OpenAI answers it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            await JsonResponse.BadRequestAsync(context, "Invalid Content-Type header, expected multipart/form-data.").ConfigureAwait(false);
            return;
        }

        var id = FileStore.NewId();
        var path = store.NewPath(id);
        string? purpose = null;
        string? filename = null;
        UploadCount count = default;
        var kept = false;
        try
        {
            var reader = new MultipartReader(boundary, context.Request.Body);
            try
            {
                while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
                {
                    ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                    var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value;
                    if (name == "purpose")
                    {
                        using var text = new StreamReader(section.Body);
                        purpose = (await text.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false)).Trim();
                    }
                    else if (name == "file" && filename is null)
                    {
                        filename = HeaderUtilities.RemoveQuotes(disposition!.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "file";
                        count = await CopyAsync(section.Body, path, options.MaxFileBytes, context.RequestAborted).ConfigureAwait(false);
                    }
                    else
                    {
                        await section.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
            {
                await JsonResponse.BadRequestAsync(context, "The multipart body could not be parsed.").ConfigureAwait(false);
                return;
            }

            var refusal = Refusal(purpose, filename, count, options);
            if (refusal is { } problem)
            {
                await JsonResponse.BadRequestAsync(context, problem.Message, problem.Param).ConfigureAwait(false);
                return;
            }
            var file = store.Add(id, filename!, purpose!, count.Bytes, options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), path);
            kept = true;
            stats.RecordUpload(file.Filename, file.Bytes);
            await JsonResponse.WriteAsync(context, json => FileJson.Write(json, file)).ConfigureAwait(false);
        }
        finally
        {
            if (!kept)
            {
                FileStore.TryDelete(path);
            }
        }
    }

    private static (string Message, string Param)? Refusal(string? purpose, string? filename, UploadCount count, SimulatorOptions options)
    {
        if (filename is null)
        {
            return ("Missing required parameter: 'file'.", "file");
        }
        if (purpose is null)
        {
            return ("Missing required parameter: 'purpose'.", "purpose");
        }
        if (!Purposes.Contains(purpose, StringComparer.Ordinal))
        {
            return ($"'{purpose}' is not one of [{string.Join(", ", Purposes.Select(p => $"'{p}'"))}] - 'purpose'", "purpose");
        }
        if (count.Bytes > options.MaxFileBytes)
        {
            return ($"File is too large: {count.Bytes} bytes, more than the {options.MaxFileBytes} bytes allowed.", "file");
        }
        if (purpose == "batch" && count.Lines > options.MaxBatchLines)
        {
            return ($"A batch input file can have at most {options.MaxBatchLines} requests; this one has {count.Lines}.", "file");
        }
        return null;
    }

    // Past the limit the rest is read and dropped, not written: the client gets its 400 rather than a reset connection mid-upload.
    private static async Task<UploadCount> CopyAsync(Stream body, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long bytes = 0;
        long lines = 0;
        var last = (byte)'\n';
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, useAsync: true);
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var chunk = buffer.AsMemory(0, read);
            if (bytes + read <= maxBytes)
            {
                await file.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            bytes += read;
            lines += chunk.Span.Count((byte)'\n');
            last = chunk.Span[^1];
        }
        // A last line without its newline is a line still.
        return new UploadCount(bytes, last == '\n' ? lines : lines + 1);
    }

    private readonly record struct UploadCount(long Bytes, long Lines);
}
