using System.Text.Json;
using System.Text.Json.Serialization;

namespace BatchAi.Daemon.Cli;

/// <summary>One named set of defaults in the config file. Never a key: <see cref="ApiKeyEnv"/> names the variable that holds it.</summary>
internal sealed record CliProfile(
    string? BaseUrl = null,
    string? Model = null,
    string? ApiKeyEnv = null,
    int? Concurrency = null,
    string? SystemPrompt = null,
    double? Temperature = null,
    int? MaxTokens = null,
    string? Format = null);

/// <summary>
/// <c>$XDG_CONFIG_HOME/batchai/config.json</c> (else <c>~/.config/batchai/config.json</c>):
/// <c>{"defaultProfile": "NAME", "profiles": {"NAME": {"baseUrl", "model", "apiKeyEnv", "concurrency", ...}}}</c>.
/// Options come from flags first, then environment variables, then the profile.
/// </summary>
internal sealed record CliConfig(string? DefaultProfile, IReadOnlyDictionary<string, CliProfile> Profiles)
{
    public const string ProfileVariable = "BATCHAI_PROFILE";
    public const string BaseUrlVariable = "BATCHAI_BASE_URL";
    public const string ModelVariable = "BATCHAI_MODEL";
    public const string ConcurrencyVariable = "BATCHAI_CONCURRENCY";
    public const string ConfigVariable = "BATCHAI_CONFIG";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static CliConfig Empty { get; } = new(null, new Dictionary<string, CliProfile>());

    /// <summary>The config file's path: <c>$BATCHAI_CONFIG</c>, else the XDG path, else <c>~/.config/batchai/config.json</c>.</summary>
    public static string FilePath(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(ConfigVariable) is { Length: > 0 } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        var xdg = environment("XDG_CONFIG_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg;
        return Path.Combine(root, "batchai", "config.json");
    }

    /// <summary>Reads the file (none is an empty config). Throws <see cref="FormatException"/> with a message for a person.</summary>
    public static CliConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            // A key in a plain file ends up in backups and dotfile repositories: refuse it and say what to do instead.
            if (FindKey(document.RootElement, "$") is { } where)
            {
                throw new FormatException(
                    $"{path} holds an API key at {where}. Keys never go in the config file: put the key in an environment variable and name it with \"apiKeyEnv\", e.g. \"apiKeyEnv\": \"OPENAI_API_KEY\".");
            }

            try
            {
                var raw = document.RootElement.Deserialize<RawConfig>(Options) ?? new RawConfig(null, null);
                var profiles = raw.Profiles ?? new Dictionary<string, CliProfile>();
                if (raw.DefaultProfile is { } name && !profiles.ContainsKey(name))
                {
                    throw new FormatException($"{path}: defaultProfile '{name}' is not among the profiles ({string.Join(", ", profiles.Keys)}).");
                }

                return new CliConfig(raw.DefaultProfile, profiles);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}: {e.Message}", e);
            }
        }
    }

    /// <summary>The profile to use: <paramref name="name"/> (the flag), else <c>$BATCHAI_PROFILE</c>, else the file's default; none when none is named.</summary>
    public CliProfile? Pick(string? name, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        name ??= environment(ProfileVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultProfile;
        if (name is null)
        {
            return null;
        }

        return Profiles.TryGetValue(name, out var profile)
            ? profile
            : throw new FormatException($"No profile '{name}' in {FilePath(environment)} (profiles: {(Profiles.Count == 0 ? "none" : string.Join(", ", Profiles.Keys))}).");
    }

    private static string? FindKey(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
                    if (name.Equals("apiKey", StringComparison.OrdinalIgnoreCase) || name.Equals("apiKeys", StringComparison.OrdinalIgnoreCase)
                        || name.Equals("key", StringComparison.OrdinalIgnoreCase))
                    {
                        return path + "." + property.Name;
                    }

                    if (FindKey(property.Value, path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindKey(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private sealed record RawConfig(string? DefaultProfile, Dictionary<string, CliProfile>? Profiles);
}
