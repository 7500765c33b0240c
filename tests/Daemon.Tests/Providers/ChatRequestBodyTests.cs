using System.Text.Json;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Tests.Prompting;

namespace BatchAi.Daemon.Tests.Providers;

public sealed class ChatRequestBodyTests
{
    private static JsonDocument Body(string model, ChatRequest request, WireOptions? options = null)
    {
        var body = ChatRequestBody.Write(model, request, options ?? WireOptions.Default);
        using var stream = new MemoryStream();
        body.WriteTo(stream, TestContext.Current.CancellationToken);
        return JsonDocument.Parse(stream.ToArray());
    }

    [Fact]
    public void Write_RowRequest_OpenAiWireFormat()
    {
        using var json = Body("gpt-x", new ChatRequest("问题 \"1\"", "Be brief.", 0.2, 100));
        var root = json.RootElement;

        Assert.Equal("gpt-x", root.GetProperty("model").GetString());
        var messages = root.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("system", "Be brief."), ("user", "问题 \"1\"")], messages);
        Assert.True(root.GetProperty("stream").GetBoolean());
        Assert.True(root.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(0.2, root.GetProperty("temperature").GetDouble());
        Assert.Equal(100, root.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(root.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public void Write_OptionalFieldsUnset_LeftOut()
    {
        using var json = Body("m", new ChatRequest("q", null, null, null));

        Assert.Single(json.RootElement.GetProperty("messages").EnumerateArray());
        Assert.False(json.RootElement.TryGetProperty("temperature", out _));
        Assert.False(json.RootElement.TryGetProperty("max_completion_tokens", out _));
    }

    [Fact]
    public void Write_MaxTokensDialect_SendsTheCapAsMaxTokens()
    {
        using var json = Body("m", new ChatRequest("q", null, null, 64), new WireOptions(MaxTokensField.MaxTokens));

        Assert.Equal(64, json.RootElement.GetProperty("max_tokens").GetInt32());
        Assert.False(json.RootElement.TryGetProperty("max_completion_tokens", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_EveryPropertySent_ComesFromAHashedField(bool maxTokensDialect)
    {
        var options = new WireOptions(maxTokensDialect ? MaxTokensField.MaxTokens : MaxTokensField.MaxCompletionTokens);
        using var json = Body("m", RequestFingerprintCoverageTests.Full(), options);
        var hashed = RequestFingerprintCoverageTests.Fields().Select(p => p.Name).Append(ChatRequestBody.Model).ToHashSet(StringComparer.Ordinal);

        foreach (var property in json.RootElement.EnumerateObject())
        {
            Assert.True(ChatRequestBody.Sources.TryGetValue(property.Name, out var source),
                $"the wire body sends '{property.Name}', which ChatRequestBody.Sources does not map to a field of the request");
            Assert.True(source == ChatRequestBody.Transport || hashed.Contains(source),
                $"'{property.Name}' is sent from '{source}', which is not a field the fingerprint hashes");
        }
    }

    [Fact]
    public void Sources_EveryFieldOfTheRequest_IsSent()
    {
        var sent = ChatRequestBody.Sources.Values.ToHashSet(StringComparer.Ordinal);

        Assert.All(RequestFingerprintCoverageTests.Fields(), p => Assert.Contains(p.Name, sent));
    }

    [Fact]
    public void Write_MessageOfParts_ContentIsAnArrayOfTextAndImageParts()
    {
        var user = ChatMessage.OfParts(ChatRole.User, [ChatPart.OfText("What is this?"), ChatPart.OfImage("data:image/png;base64,AAAA", "low")]);
        using var json = Body("m", new ChatRequest([new ChatMessage(ChatRole.System, "s"), user]));

        var messages = json.RootElement.GetProperty("messages");
        Assert.Equal("s", messages[0].GetProperty("content").GetString());
        var parts = messages[1].GetProperty("content");
        Assert.Equal("text", parts[0].GetProperty("type").GetString());
        Assert.Equal("What is this?", parts[0].GetProperty("text").GetString());
        Assert.Equal("image_url", parts[1].GetProperty("type").GetString());
        Assert.Equal("data:image/png;base64,AAAA", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("low", parts[1].GetProperty("image_url").GetProperty("detail").GetString());
    }

    [Fact]
    public void Write_ResponseFormat_JsonSchemaWithNameSchemaAndStrict()
    {
        using var json = Body("m", RequestFingerprintCoverageTests.Full());

        var format = json.RootElement.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        Assert.Equal("answer", format.GetProperty("json_schema").GetProperty("name").GetString());
        Assert.Equal("object", format.GetProperty("json_schema").GetProperty("schema").GetProperty("type").GetString());
        Assert.False(format.GetProperty("json_schema").GetProperty("strict").GetBoolean());
        Assert.Equal("sys", json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public void Write_JsonObjectDialect_JsonModeAndTheSchemaInTheSystemMessage()
    {
        using var json = Body("m", RequestFingerprintCoverageTests.Full(), new WireOptions(ResponseFormat: ResponseFormatMode.JsonObject));

        Assert.Equal("json_object", json.RootElement.GetProperty("response_format").GetProperty("type").GetString());
        var system = json.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.StartsWith("sys\n\n" + ResponseFormat.InstructionMarker, system, StringComparison.Ordinal);
        Assert.Contains("\"properties\":{\"a\"", system, StringComparison.Ordinal);
    }

    [Fact]
    public void Instruction_ReadByTheSimulator_ItsMarkerThenTheSchema()
    {
        // The simulator finds the schema in the instruction form by these words: a reworded instruction fails here, not far away.
        var instruction = new ResponseFormat("answer", "{\"type\":\"object\"}").Instruction();

        Assert.StartsWith(BatchAi.Simulator.SimulatorServer.StructuredInstructionMarker, instruction, StringComparison.Ordinal);
        Assert.EndsWith(BatchAi.Simulator.SimulatorServer.StructuredSchemaLead + "{\"type\":\"object\"}", instruction, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InstructionDialectWithoutSystemPrompt_NoParameterAndASystemMessageFirst()
    {
        var request = new ChatRequest("q", null, null, null) { ResponseFormat = new ResponseFormat("answer", "{}") };
        using var json = Body("m", request, new WireOptions(ResponseFormat: ResponseFormatMode.Instruction));

        Assert.False(json.RootElement.TryGetProperty("response_format", out _));
        var messages = json.RootElement.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.StartsWith(ResponseFormat.InstructionMarker, messages[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("q", messages[1].GetProperty("content").GetString());
    }
}
