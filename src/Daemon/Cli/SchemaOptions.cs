using System.CommandLine;
using System.Text.Json;
using BatchAi.Daemon.Structured;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Cli;

/// <summary><c>--json-schema FILE</c> and its companions: structured answers, the schema read here so a bad file is named.</summary>
internal sealed class SchemaOptions
{
    public Option<string?> JsonSchema { get; } = new("--json-schema")
    {
        Description = "A JSON Schema file every answer must match: sent as the provider's structured output, validated, asked again when invalid.",
    };

    public Option<int?> MaxReasks { get; } = new("--max-reasks") { Description = "How often an answer that does not match the schema is asked again (default 2)." };

    public Option<bool> Strict { get; } = new("--json-strict") { Description = "OpenAI's strict mode for the schema (it must then require every property, additionalProperties false)." };

    public void AddTo(Command command)
    {
        command.Options.Add(JsonSchema);
        command.Options.Add(MaxReasks);
        command.Options.Add(Strict);
    }

    /// <summary>The options for <c>startJob</c>, or null without <c>--json-schema</c>; false after printing why the file cannot be used.</summary>
    public bool TryRead(ParseResult parse, string verb, out ResponseFormatOptions? format)
    {
        format = null;
        if (parse.GetValue(JsonSchema) is not { } path)
        {
            return true;
        }

        try
        {
            var text = File.ReadAllText(path);
            AnswerSchema.Parse(text);
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            format = new ResponseFormatOptions(document.RootElement.Clone(), Path.GetFileNameWithoutExtension(path).Replace('.', '_') is var n && n.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') && n.Length is > 0 and <= 64 ? n : null,
                parse.GetValue(Strict) ? true : null, parse.GetValue(MaxReasks));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SchemaException or JsonException)
        {
            Console.Error.WriteLine($"batchai {verb}: --json-schema {path}: {e.Message}");
            return false;
        }
    }
}
