using System.Text.Json;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Structured;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary>A job's structured-answer settings as stored in its spec: the schema (compact JSON), its name, strictness and re-ask limit.</summary>
internal sealed record AnswerFormatSpec(string Schema, string Name, bool Strict, int MaxReasks)
{
    public const int MostReasks = 10;

    /// <summary>The request's part of it: what is hashed and sent (the re-ask limit is not: it decides how often, not what).</summary>
    public ResponseFormat ToRequest() => new(Name, Schema, Strict);

    /// <summary>From the protocol's options, already validated (<see cref="JobRequestValidator"/>).</summary>
    public static AnswerFormatSpec? From(ResponseFormatOptions? options) => options is null
        ? null
        : new AnswerFormatSpec(
            AnswerSchema.Parse(options.JsonSchema.GetRawText()).Text,
            options.Name ?? "answer",
            options.Strict ?? false,
            options.MaxReasks ?? Reasker.DefaultMaxReasks);

    /// <summary>Refuses what cannot be used, naming the field: a schema the library cannot build, a bad name or limit.</summary>
    public static void Validate(ResponseFormatOptions? options, Func<string, string, Exception> invalid)
    {
        if (options is null)
        {
            return;
        }

        if (options.JsonSchema.ValueKind == JsonValueKind.Undefined)
        {
            throw invalid("responseFormat.jsonSchema", "responseFormat.jsonSchema is required: the JSON Schema every answer must match.");
        }

        try
        {
            AnswerSchema.Parse(options.JsonSchema.GetRawText());
        }
        catch (SchemaException e)
        {
            throw invalid("responseFormat.jsonSchema", $"responseFormat.jsonSchema is not a usable JSON Schema: {e.Message}");
        }

        if (options.Name is { } name && (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw invalid("responseFormat.name", $"responseFormat.name must be 1 to 64 letters, digits, _ or - (got '{name}').");
        }

        if (options.MaxReasks is < 0 or > MostReasks)
        {
            throw invalid("responseFormat.maxReasks", $"responseFormat.maxReasks must be between 0 and {MostReasks} (got {options.MaxReasks}).");
        }
    }
}
