using System.Buffers;
using System.Text.Json;
using BatchAi.Simulator.Http;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// A batch's output and error files as they fill, in OpenAI's line shapes: answers go to the output file, refused and failed
/// requests and expired lines to the error file. Each becomes a file of <c>/v1/files</c> when the batch ends, only if it has lines.
/// </summary>
internal sealed class BatchOutput(FileStore store, string batchId) : IDisposable
{
    private readonly ArrayBufferWriter<byte> _line = new();
    private Part? _output;
    private Part? _errors;

    /// <summary>A line answered: <c>{id, custom_id, response:{status_code, request_id, body}, error:null}</c>.</summary>
    public void WriteResponse(string customId, int statusCode, Action<Utf8JsonWriter> body)
    {
        Write(ref (statusCode == 200 ? ref _output : ref _errors), json =>
        {
            StartLine(json, customId);
            json.WriteStartObject("response");
            json.WriteNumber("status_code", statusCode);
            json.WriteString("request_id", Guid.NewGuid().ToString("N"));
            json.WritePropertyName("body");
            body(json);
            json.WriteEndObject();
            json.WriteNull("error");
            json.WriteEndObject();
        });
    }

    /// <summary>A line not run: <c>{id, custom_id, response:null, error:{code, message}}</c>, as OpenAI writes <c>batch_expired</c>.</summary>
    public void WriteNotRun(string customId, string code, string message)
    {
        Write(ref _errors, json =>
        {
            StartLine(json, customId);
            json.WriteNull("response");
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>Closes both files and adds those with lines to the store; returns their ids.</summary>
    public (string? OutputFileId, string? ErrorFileId) Publish(long createdAt) =>
        (Publish(_output, $"{batchId}_output.jsonl", createdAt), Publish(_errors, $"{batchId}_error.jsonl", createdAt));

    public void Dispose()
    {
        _output?.Stream.Dispose();
        _errors?.Stream.Dispose();
    }

    private static void StartLine(Utf8JsonWriter json, string customId)
    {
        json.WriteStartObject();
        json.WriteString("id", $"batch_req_{Guid.NewGuid():N}");
        json.WriteString("custom_id", customId);
    }

    private void Write(ref Part? part, Action<Utf8JsonWriter> write)
    {
        if (part is null)
        {
            var id = FileStore.NewId();
            var path = store.NewPath(id);
            part = new Part(id, path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 1 << 16));
        }
        _line.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_line, CompletionJson.WriterOptions))
        {
            write(json);
        }
        part.Stream.Write(_line.WrittenSpan);
        part.Stream.WriteByte((byte)'\n');
    }

    private string? Publish(Part? part, string filename, long createdAt)
    {
        if (part is null)
        {
            return null;
        }
        part.Stream.Dispose();
        return store.Add(part.Id, filename, "batch_output", new FileInfo(part.Path).Length, createdAt, part.Path).Id;
    }

    private sealed record Part(string Id, string Path, FileStream Stream);
}
