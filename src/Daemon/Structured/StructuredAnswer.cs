using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Structured;

/// <summary>
/// A row's outcome under a schema: the last answer (valid, or the last of the invalid ones, kept for inspection), how many
/// times it was asked again, and the tokens of all its requests, which the job's spend and budget count.
/// </summary>
/// <param name="Check">What validating <see cref="Last"/> found: valid, or the errors that failed the row.</param>
internal sealed record StructuredAnswer(ChatAnswer Last, int Reasks, int? PromptTokens, int? CompletionTokens, SchemaCheck Check)
{
    /// <summary>The row's error when it never validated: the re-asks spent and the last answer's errors.</summary>
    public string? Error => Check.IsValid
        ? null
        : $"the answer does not match the JSON Schema after {Reasks} re-ask{(Reasks == 1 ? "" : "s")}: {Check.Summary}";
}
