using System.Buffers;
using System.ClientModel;
using System.Text.Json;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Providers;

/// <summary>The body of a streamed chat completion, as the OpenAI wire format has it, written from the dialect-neutral request.</summary>
internal static class ChatRequestBody
{
    /// <summary>Marks a property that says how to send, not what to answer: it is not part of the fingerprint.</summary>
    public const string Transport = "";

    /// <summary>The model, hashed and sent beside the request (see <see cref="ChatRequest"/>).</summary>
    public const string Model = "model";

    /// <summary>
    /// Every property this writer may send and the <see cref="ChatRequest"/> member it comes from (or <see cref="Model"/>, or
    /// <see cref="Transport"/>). A test holds each member to changing the fingerprint, so a field sent but not hashed fails it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model"] = Model,
        ["messages"] = nameof(ChatRequest.Messages),
        ["stream"] = Transport,
        ["stream_options"] = Transport,
        ["temperature"] = nameof(ChatRequest.Temperature),
        ["max_completion_tokens"] = nameof(ChatRequest.MaxTokens),
        ["max_tokens"] = nameof(ChatRequest.MaxTokens),
        ["response_format"] = nameof(ChatRequest.ResponseFormat),
        // How many answers one request brings back; each is stored under its own sample's fingerprint.
        ["n"] = Transport,
        ["seed"] = nameof(ChatRequest.Sample),
    };

    public static BinaryContent Write(string model, ChatRequest request, WireOptions options) =>
        BinaryContent.Create(new BinaryData(WriteBytes(model, request, options, stream: true)));

    /// <summary>
    /// The body's bytes. Without <paramref name="stream"/> it is the body a batch request line carries (a Batch API answers
    /// each line whole): the same request less the two <see cref="Transport"/> properties, so its fingerprint is the same.
    /// </summary>
    public static ReadOnlyMemory<byte> WriteBytes(string model, ChatRequest request, WireOptions options, bool stream)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (request.Length * 3));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            ChatContentWriter.WriteMessages(json, Messages(request, options));
            if (stream)
            {
                json.WriteBoolean("stream"u8, true);
                json.WriteStartObject("stream_options"u8);
                json.WriteBoolean("include_usage"u8, true);
                json.WriteEndObject();
            }
            if (request.Temperature is { } temperature)
            {
                json.WriteNumber("temperature"u8, temperature);
            }
            if (request.MaxTokens is { } maxTokens)
            {
                json.WriteNumber(options.MaxTokensField == MaxTokensField.MaxTokens ? "max_tokens"u8 : "max_completion_tokens"u8, maxTokens);
            }
            WriteResponseFormat(json, request.ResponseFormat, options.ResponseFormat);
            if (request.Choices > 1 && options.Choices)
            {
                json.WriteNumber("n"u8, request.Choices);
            }
            if (request.Sample > 0 && options.Seed)
            {
                json.WriteNumber("seed"u8, request.Sample);
            }
            json.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>
    /// The messages as sent: an endpoint that cannot take the schema as a parameter gets it as an instruction, added to the
    /// system message (or as one before the rest), where models follow format rules best.
    /// </summary>
    public static IReadOnlyList<ChatMessage> Messages(ChatRequest request, WireOptions options)
    {
        if (request.ResponseFormat is not { } format || options.ResponseFormat == ResponseFormatMode.JsonSchema)
        {
            return request.Messages;
        }

        var instruction = format.Instruction();
        var messages = request.Messages;
        return messages.Count > 0 && messages[0] is { Role: ChatRole.System, Parts: null } system
            ? [system with { Content = system.Content + "\n\n" + instruction }, .. messages.Skip(1)]
            : [new ChatMessage(ChatRole.System, instruction), .. messages];
    }

    private static void WriteResponseFormat(Utf8JsonWriter json, ResponseFormat? format, ResponseFormatMode mode)
    {
        if (format is null || mode == ResponseFormatMode.Instruction)
        {
            return;
        }

        json.WriteStartObject("response_format"u8);
        if (mode == ResponseFormatMode.JsonObject)
        {
            json.WriteString("type"u8, "json_object"u8);
        }
        else
        {
            json.WriteString("type"u8, "json_schema"u8);
            json.WriteStartObject("json_schema"u8);
            json.WriteString("name"u8, format.Name);
            json.WritePropertyName("schema"u8);
            json.WriteRawValue(format.Schema, skipInputValidation: true);
            json.WriteBoolean("strict"u8, format.Strict);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
