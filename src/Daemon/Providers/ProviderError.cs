using System.ClientModel.Primitives;
using System.Text.Json;

namespace BatchAi.Daemon.Providers;

/// <summary>The <c>{"error": {"message", "type", "code", "param"}}</c> body OpenAI-compatible providers answer a failure with; each part null when absent.</summary>
internal readonly record struct ProviderError(string? Message, string? Type, string? Code, string? Param)
{
    public static ProviderError Read(PipelineResponse? response)
    {
        try
        {
            var content = response?.Content;
            if (content is null || content.ToMemory().Length == 0)
            {
                return default;
            }

            using var document = JsonDocument.Parse(content.ToMemory());
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            return new ProviderError(Text(error, "message"), Text(error, "type"), Text(error, "code"), Text(error, "param"));
        }
        catch (Exception)
        {
            return default;
        }
    }

    // Some providers send the code as a number (Azure: "429"); read it as text either way.
    private static string? Text(JsonElement error, string name) =>
        error.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
