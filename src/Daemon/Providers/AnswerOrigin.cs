namespace BatchAi.Daemon.Providers;

/// <summary>
/// Who wrote an answer: the model as it was sent (e.g. <c>gpt-4o-mini</c>) and the endpoint's label
/// (<c>Scheduling/EndpointLabel</c>), never a key. A row keeps it as provenance, and its tokens are priced by the model.
/// </summary>
internal sealed record AnswerOrigin(string Model, string Endpoint);
