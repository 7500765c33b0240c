namespace BatchAi.Protocol.Jobs;

/// <summary>Parameters of <c>exportJob</c>.</summary>
/// <param name="JobId">The job to export.</param>
/// <param name="Output">Where to write; default the job's output path. For <c>hf-dataset</c>, a folder.</param>
/// <param name="Format"><c>jsonl</c>, <c>json</c>, <c>csv</c>, <c>xlsx</c>, <c>parquet</c>, a fine-tuning format: <c>openai-chat</c>, <c>alpaca</c>, <c>sharegpt</c>, a preference format from judged answers: <c>preference</c> (TRL's <c>prompt</c>/<c>chosen</c>/<c>rejected</c> JSONL) or <c>openai-preference</c> (OpenAI's preference fine-tuning JSONL), or <c>hf-dataset</c> (a folder of Parquet shards and a dataset card for the Hugging Face Hub, answered rows only); default the job's format (or the output's extension). Training formats hold only complete answers; the other rows are listed beside the file in <c>NAME.excluded.jsonl</c> with the reason.</param>
/// <param name="Include">Optional extras: <c>reasoning</c> keeps the model's reasoning as its own field in training formats (dropped by default).</param>
/// <param name="MinScore">Keep only answers the judge scored at least this (default the job's <c>judge.threshold</c>); the others go to <c>NAME.excluded.jsonl</c> with their score and reason.</param>
/// <param name="Margin">For <c>preference</c> and <c>openai-preference</c>: a pair is written only when the chosen answer's score exceeds the rejected one's by at least this (default 1).</param>
/// <param name="Split">Only with <c>hf-dataset</c>: holds out a <c>test</c> split beside <c>train</c>.</param>
public sealed record ExportJobParams(string JobId, string? Output = null, string? Format = null, IReadOnlyList<string>? Include = null, ExportSplit? Split = null, double? MinScore = null, double? Margin = null);
