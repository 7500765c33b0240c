using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchAi.Simulator;

namespace BatchAi.Daemon.Tests.Simulator;

/// <summary>Raw HTTP calls to the simulator's files and batches endpoints, for checks the SDK's typed objects hide.</summary>
internal sealed class BatchApiClient(HttpClient http)
{
    public static BatchApiClient For(SimulatorServer server) => new(SimulatorClients.Raw(server));

    public HttpClient Http => http;

    /// <summary>A batch line for the chat endpoint: the same body <see cref="SimulatorClients.ChatBody"/> sends online.</summary>
    public static string Line(string customId, string question, int? maxTokens = null, string url = "/v1/chat/completions") =>
        new JsonObject
        {
            ["custom_id"] = customId,
            ["method"] = "POST",
            ["url"] = url,
            ["body"] = SimulatorClients.ChatBody(question, stream: false, maxTokens: maxTokens),
        }.ToJsonString();

    public async Task<string> UploadAsync(IEnumerable<string> lines, CancellationToken ct, string filename = "input.jsonl")
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new StringContent(string.Join("\n", lines) + "\n", Encoding.UTF8), "file", filename },
        };
        using var response = await http.PostAsync("/v1/files", form, ct);
        response.EnsureSuccessStatusCode();
        return (await JsonAsync(response, ct)).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> CreateAsync(string fileId, CancellationToken ct, JsonObject? metadata = null)
    {
        var body = new JsonObject { ["input_file_id"] = fileId, ["endpoint"] = "/v1/chat/completions", ["completion_window"] = "24h", ["metadata"] = metadata };
        using var response = await http.PostAsJsonAsync("/v1/batches", body, ct);
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response, ct);
    }

    public async Task<JsonElement> GetAsync(string batchId, CancellationToken ct) =>
        JsonDocument.Parse(await http.GetStringAsync($"/v1/batches/{batchId}", ct)).RootElement.Clone();

    public async Task<JsonElement> CancelAsync(string batchId, CancellationToken ct)
    {
        using var response = await http.PostAsync($"/v1/batches/{batchId}/cancel", null, ct);
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response, ct);
    }

    /// <summary>The lines of a file, each parsed; none when <paramref name="fileId"/> is null (OpenAI's way of saying "no such lines").</summary>
    public async Task<List<JsonElement>> LinesAsync(JsonElement fileId, CancellationToken ct)
    {
        if (fileId.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        var text = await http.GetStringAsync($"/v1/files/{fileId.GetString()}/content", ct);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public static string Status(JsonElement batch) => batch.GetProperty("status").GetString()!;

    public static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, CancellationToken ct) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone();
}
