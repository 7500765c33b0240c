using System.Text.Json.Nodes;

namespace BatchAi.Daemon.Tests.Contract;

/// <summary>Where two JSON documents differ, as JSON paths a person can read ("$defs.JobInfo.properties.kind: only in the records").</summary>
internal static class JsonDifferences
{
    public static IReadOnlyList<string> Between(JsonNode? expected, JsonNode? actual, string expectedName, string actualName)
    {
        var found = new List<string>();
        Walk(expected, actual, "$", found, expectedName, actualName);
        return found;
    }

    private static void Walk(JsonNode? expected, JsonNode? actual, string path, List<string> found, string expectedName, string actualName)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (a.TryGetPropertyValue(key, out var other))
                    {
                        Walk(value, other, $"{path}.{key}", found, expectedName, actualName);
                    }
                    else
                    {
                        found.Add($"{path}.{key}: only in {expectedName}");
                    }
                }

                found.AddRange(a.Where(p => !e.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: only in {actualName}"));
                break;
            case (JsonArray e, JsonArray a) when e.Count == a.Count:
                for (var i = 0; i < e.Count; i++)
                {
                    Walk(e[i], a[i], $"{path}[{i}]", found, expectedName, actualName);
                }

                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual))
                {
                    found.Add($"{path}: {expectedName} {expected?.ToJsonString() ?? "null"}, {actualName} {actual?.ToJsonString() ?? "null"}");
                }

                break;
        }
    }
}
