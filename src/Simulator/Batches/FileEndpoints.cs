using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BatchAi.Simulator.Batches;

/// <summary><c>GET /v1/files</c>, <c>GET /v1/files/{id}</c>, <c>GET /v1/files/{id}/content</c> and <c>DELETE /v1/files/{id}</c>.</summary>
internal sealed class FileEndpoints(FileStore store)
{
    // OpenAI's file list returns up to 10,000 by default, newest first.
    private const int DefaultListLimit = 10_000;

    public Task GetAsync(HttpContext context, string id) =>
        store.TryGet(id, out var file)
            ? JsonResponse.WriteAsync(context, json => FileJson.Write(json, file))
            : NoSuchFileAsync(context, id);

    public async Task ContentAsync(HttpContext context, string id)
    {
        if (!store.TryGet(id, out var file))
        {
            await NoSuchFileAsync(context, id).ConfigureAwait(false);
            return;
        }
        FileStream stream;
        try
        {
            stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, useAsync: true);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the look-up and the open.
            await NoSuchFileAsync(context, id).ConfigureAwait(false);
            return;
        }
        await using (stream.ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = stream.Length;
            await stream.CopyToAsync(context.Response.Body, 81920, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public Task DeleteAsync(HttpContext context, string id) =>
        store.Remove(id)
            ? JsonResponse.WriteAsync(context, json => FileJson.WriteDeleted(json, id))
            : NoSuchFileAsync(context, id);

    public Task ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var limit = DefaultListLimit;
        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > DefaultListLimit))
        {
            return JsonResponse.BadRequestAsync(context, $"Invalid 'limit': expected an integer from 1 to {DefaultListLimit}.", "limit");
        }
        var files = store.Snapshot();
        if (query["purpose"].ToString() is { Length: > 0 } purpose)
        {
            files = files.Where(f => f.Purpose == purpose).ToList();
        }
        if (query["order"] == "asc")
        {
            files.Reverse();
        }
        var (page, hasMore) = JsonResponse.Page(files, query["after"], limit, f => f.Id);
        return JsonResponse.WriteAsync(context, json => JsonResponse.WriteList(json, page, hasMore, f => f.Id, FileJson.Write));
    }

    private static Task NoSuchFileAsync(HttpContext context, string id) =>
        JsonResponse.NotFoundAsync(context, $"No such File object: {id}", "id");
}
