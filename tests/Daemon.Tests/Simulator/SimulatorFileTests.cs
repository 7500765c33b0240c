using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BatchAi.Simulator;
using OpenAI.Files;
using static BatchAi.Daemon.Tests.Simulator.SimulatorClients;

namespace BatchAi.Daemon.Tests.Simulator;

public sealed class SimulatorFileTests
{
    [Fact(Timeout = 20_000)]
    public async Task Files_UploadGetDownloadListDelete_ThroughTheOpenAiSdk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        var client = Files(server);
        var content = "{\"custom_id\":\"a\"}\n{\"custom_id\":\"b\"}\n";

        OpenAIFile uploaded = await client.UploadFileAsync(BinaryData.FromString(content), "input.jsonl", FileUploadPurpose.Batch);
        OpenAIFile fetched = await client.GetFileAsync(uploaded.Id, ct);
        BinaryData downloaded = await client.DownloadFileAsync(uploaded.Id, ct);
        OpenAIFileCollection listed = await client.GetFilesAsync(ct);
        FileDeletionResult deleted = await client.DeleteFileAsync(uploaded.Id, ct);
        var afterDelete = await Assert.ThrowsAsync<ClientResultException>(() => client.GetFileAsync(uploaded.Id, ct));

        Assert.StartsWith("file-", uploaded.Id, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(content), uploaded.SizeInBytes);
        Assert.Equal("input.jsonl", fetched.Filename);
        Assert.Equal(FilePurpose.Batch, fetched.Purpose);
        Assert.Equal(content, downloaded.ToString());
        Assert.Equal([uploaded.Id], listed.Select(f => f.Id));
        Assert.True(deleted.Deleted);
        Assert.Equal(404, afterDelete.Status);
        Assert.Equal(1, server.Stats.FileUploads);
        Assert.Equal(content.Length, server.Stats.BytesUploaded);
        Assert.Equal(1, server.Stats.UploadsByFilename["input.jsonl"]);
    }

    [Fact(Timeout = 20_000)]
    public async Task Upload_OverTheLineOrByteLimit_400WithOpenAiErrorAndNothingKept()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(new SimulatorOptions { MaxBatchLines = 3, MaxFileBytes = 100 }, cancellationToken: ct);
        using var http = Raw(server);

        using var fourLines = await UploadAsync(http, "1\n2\n3\n4", "batch", ct);
        using var tooBig = await UploadAsync(http, new string('x', 101), "batch", ct);
        using var threeLines = await UploadAsync(http, "1\n2\n3\n", "batch", ct);
        using var badPurpose = await UploadAsync(http, "1\n", "homework", ct);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.BadRequest],
            [fourLines.StatusCode, tooBig.StatusCode, threeLines.StatusCode, badPurpose.StatusCode]);
        var error = await ErrorOfAsync(fourLines, ct);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("file", error.GetProperty("param").GetString());
        Assert.Equal("purpose", (await ErrorOfAsync(badPurpose, ct)).GetProperty("param").GetString());
        Assert.Equal(1, server.Stats.FileUploads);
        var list = JsonDocument.Parse(await http.GetStringAsync("/v1/files", ct)).RootElement;
        Assert.Equal(1, list.GetProperty("data").GetArrayLength());
    }

    [Fact(Timeout = 60_000)]
    public async Task Upload_LargeFile_StreamedToDiskAndReadBackWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SimulatorServer.StartAsync(cancellationToken: ct);
        using var http = Raw(server);
        // 50,000 lines of about 700 bytes: 35 MB, over Kestrel's default 30 MB body limit, sent from a stream that is never whole in memory.
        var line = Encoding.UTF8.GetBytes("{\"custom_id\":\"row\",\"pad\":\"" + new string('p', 670) + "\"}\n");
        const int lines = 50_000;

        using var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" } };
        var file = new StreamContent(new RepeatingStream(line, lines));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "big.jsonl");
        using var response = await http.PostAsync("/v1/files", form, ct);
        var uploaded = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        using var content = await http.GetAsync($"/v1/files/{uploaded.GetProperty("id").GetString()}/content", HttpCompletionOption.ResponseHeadersRead, ct);
        var downloaded = 0L;
        await using (var body = await content.Content.ReadAsStreamAsync(ct))
        {
            downloaded = await CountAsync(body, ct);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((long)line.Length * lines, uploaded.GetProperty("bytes").GetInt64());
        Assert.Equal((long)line.Length * lines, downloaded);
        Assert.Equal((long)line.Length * lines, server.Stats.BytesUploaded);
    }

    private static OpenAIFileClient Files(SimulatorServer server) =>
        new(new ApiKeyCredential("k"), new OpenAI.OpenAIClientOptions { Endpoint = server.BaseUrl, RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(0) });

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string content, string purpose, CancellationToken ct)
    {
        var form = new MultipartFormDataContent { { new StringContent(purpose), "purpose" }, { new StringContent(content), "file", "f.jsonl" } };
        return http.PostAsync("/v1/files", form, ct);
    }

    private static async Task<long> CountAsync(Stream body, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
        }
        return total;
    }
}
