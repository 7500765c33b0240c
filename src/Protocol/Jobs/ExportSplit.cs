namespace BatchAi.Protocol.Jobs;

/// <summary>A held-out split of an <c>hf-dataset</c> export: <c>{ "test": 0.05, "seed": 42 }</c>.</summary>
/// <param name="Test">The fraction of the answered rows that go to the <c>test</c> split, above 0 and below 1.</param>
/// <param name="Seed">Chooses which rows: a row is in <c>test</c> by a hash of the seed and its index, so the same seed gives the same split every time (default 0).</param>
public sealed record ExportSplit(double Test, long? Seed = null);
