namespace BatchAi.Simulator.Http;

/// <summary>The fields every object of one completion repeats.</summary>
/// <param name="IncludeUsage">Whether chunks carry <c>"usage": null</c> ahead of a final usage chunk.</param>
internal readonly record struct CompletionHeader(string Id, long Created, string Model, bool IncludeUsage);
