using System.Text;
using System.Text.Json;
using BatchAi.Simulator.Text;

namespace BatchAi.Simulator.Http;

/// <summary>The parts of a chat-completion request body the simulator acts on.</summary>
internal sealed record ChatRequest(
    string Model,
    string Question,
    bool Stream,
    bool IncludeUsage,
    int? MaxTokens,
    int PromptTokens,
    string? SystemPrompt = null,
    double? Temperature = null,
    int? MaxTokensField = null,
    int? MaxCompletionTokensField = null,
    bool SentMaxTokens = false,
    bool SentMaxCompletionTokens = false,
    int Images = 0,
    int AssistantMessages = 0,
    string? FirstAssistant = null)
{
    public const string DefaultModel = "sim-small";

    /// <summary>The JSON Schema the answer must match: from <c>response_format.json_schema.schema</c>, or from an instruction in the system message.</summary>
    public string? JsonSchema { get; init; }

    /// <summary>The <c>response_format.type</c> sent, if any.</summary>
    public string? ResponseFormatType { get; init; }

    /// <summary>The first user message: what a re-ask (whose last user message is the follow-up) is still about.</summary>
    public string FirstQuestion { get; init; } = "";

    /// <summary>The choices asked for (<c>n</c>), 1 when not sent.</summary>
    public int Choices { get; init; } = 1;

    /// <summary>The <c>seed</c> sent, if any: the simulator's answer to choice i is the one it gives a request with seed + i.</summary>
    public int? Seed { get; init; }

    /// <summary>Assistant messages in the request: answers given before, so a re-ask's count is how many came earlier.</summary>
    public int PriorAnswers { get; init; }

    /// <summary>The prompt tokens an image part costs here: a fixed figure near OpenAI's for a high-detail photo (the simulator does not decode images).</summary>
    public const int TokensPerImage = 765;

    /// <summary>What <see cref="SimulatorStats.RequestsBySettings"/> counts this request under.</summary>
    public RequestSettings Settings => new(Model, SystemPrompt, Temperature, MaxTokens);

    /// <summary>The cap the endpoint applies: the name it understands, whatever else the request sent (see <see cref="MaxTokensParameter"/>).</summary>
    public int? EffectiveMaxTokens(MaxTokensParameter dialect) => dialect switch
    {
        MaxTokensParameter.MaxTokensOnly or MaxTokensParameter.MaxTokensIgnoringOther => MaxTokensField,
        MaxTokensParameter.MaxCompletionTokensOnly => MaxCompletionTokensField,
        _ => MaxTokens,
    };

    /// <summary>Parses the body; throws <see cref="InvalidRequestException"/> with an OpenAI-like message when it is unusable.</summary>
    public static async Task<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            throw new InvalidRequestException("We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)", null);
        }
        using (document)
        {
            return FromJson(document.RootElement);
        }
    }

    /// <summary>Reads a request body already parsed (a batch line's <c>body</c>); throws <see cref="InvalidRequestException"/> as <see cref="ReadAsync"/> does.</summary>
    public static ChatRequest FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("The request body must be a JSON object.", null);
        }
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidRequestException("Missing required parameter: 'messages'.", "messages");
        }
        var question = "";
        string? systemPrompt = null;
        var promptTokens = PromptTokenCounter.ReplyPriming;
        var images = 0;
        var assistantMessages = 0;
        string? firstAssistant = null;
        string? first = null;
        foreach (var message in messages.EnumerateArray())
        {
            var content = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var c) ? ContentText(c) : "";
            var messageImages = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var parts) ? ImageParts(parts) : 0;
            images += messageImages;
            promptTokens += PromptTokenCounter.Message(content) + (messageImages * TokensPerImage);
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role))
            {
                if (role.ValueEquals("user"))
                {
                    first ??= content;
                    question = content;
                }
                else if (role.ValueEquals("system"))
                {
                    systemPrompt ??= content;
                }
                else if (role.ValueEquals("assistant"))
                {
                    assistantMessages++;
                    firstAssistant ??= content;
                }
            }
        }
        return new ChatRequest(
            root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : DefaultModel,
            question,
            root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True,
            root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True,
            IntOrNull(root, "max_completion_tokens") ?? IntOrNull(root, "max_tokens"),
            promptTokens,
            systemPrompt,
            root.TryGetProperty("temperature", out var temperature) && temperature.ValueKind == JsonValueKind.Number ? temperature.GetDouble() : null,
            IntOrNull(root, "max_tokens"),
            IntOrNull(root, "max_completion_tokens"),
            Sent(root, "max_tokens"),
            Sent(root, "max_completion_tokens"),
            images,
            assistantMessages,
            firstAssistant)
        {
            ResponseFormatType = StructuredRequest.Type(root),
            JsonSchema = StructuredRequest.Schema(root, systemPrompt),
            PriorAnswers = assistantMessages,
            Choices = Math.Max(1, IntOrNull(root, "n") ?? 1),
            Seed = IntOrNull(root, "seed"),
            FirstQuestion = first ?? "",
        };
    }

    // Content is a string, or an array of parts of which the text parts count.
    private static string ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                text.Append(t.GetString());
            }
        }
        return text.ToString();
    }

    // Image parts, each checked as OpenAI checks one: an http(s) URL, or a base64 data URL of an image type.
    private static int ImageParts(JsonElement content)
    {
        if (content.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }
        var count = 0;
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("image_url", out var image))
            {
                continue;
            }
            var url = image.ValueKind == JsonValueKind.Object && image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
            var valid = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || (url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase) && url.Contains(";base64,", StringComparison.Ordinal));
            if (!valid)
            {
                throw new InvalidRequestException("Invalid image URL: expected an http(s) URL or a base64-encoded data URL of an image.", "messages");
            }
            count++;
        }
        return count;
    }

    // A parameter present with null counts as absent, as OpenAI's own validation treats it.
    private static bool Sent(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static int? IntOrNull(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
