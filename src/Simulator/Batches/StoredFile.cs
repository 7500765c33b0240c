namespace BatchAi.Simulator.Batches;

/// <summary>A file held by the simulator: its OpenAI file object's fields, and where its bytes are on disk.</summary>
/// <param name="Sequence">Order of creation, for listing newest first when several share a <paramref name="CreatedAt"/> second.</param>
internal sealed record StoredFile(string Id, string Filename, string Purpose, long Bytes, long CreatedAt, string Path, long Sequence);
