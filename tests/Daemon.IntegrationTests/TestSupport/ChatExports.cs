using System.Text.Json;

namespace BatchAi.Daemon.IntegrationTests.TestSupport;

/// <summary>Reads the chat fine-tuning exports (openai-chat, sharegpt, alpaca) back as (role, text) turns, to compare them across formats.</summary>
internal static class ChatExports
{
    public static List<JsonElement> ReadItems(string path)
    {
        var text = File.ReadAllText(path).Trim();
        return text.StartsWith('[')
            ? [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(e => e.Clone())]
            : [.. text.Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    public static List<(string, string)> Conversation(string format, JsonElement item) => format switch
    {
        "openai-chat" => [.. item.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))],
        "sharegpt" => [.. item.GetProperty("conversations").EnumerateArray().Select(m => (
            m.GetProperty("from").GetString() switch { "human" => "user", "gpt" => "assistant", var other => other! }, m.GetProperty("value").GetString()!))],
        _ => AlpacaTurns(item),
    };

    public static List<(string, string)> AlpacaTurns(JsonElement item)
    {
        var turns = new List<(string, string)>();
        if (item.GetProperty("system").GetString() is { Length: > 0 } system)
        {
            turns.Add(("system", system));
        }

        foreach (var pair in item.GetProperty("history").EnumerateArray())
        {
            turns.Add(("user", pair[0].GetString()!));
            turns.Add(("assistant", pair[1].GetString()!));
        }

        turns.Add(("user", item.GetProperty("instruction").GetString()!));
        turns.Add(("assistant", item.GetProperty("output").GetString()!));
        return turns;
    }
}
