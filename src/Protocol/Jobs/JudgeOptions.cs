namespace BatchAi.Protocol.Jobs;

/// <summary>
/// An LLM judge (<see cref="StartJobParams.Judge"/>): after an answer lands, a judge model is asked to score it against a rubric,
/// through the job's scheduler, cache and budget. Its score and one-sentence reason are kept with the answer
/// (<see cref="RowAnswer.Score"/>); exports can keep only answers at or above <see cref="Threshold"/>, and preference pairs are
/// made from a row's scores.
/// </summary>
/// <param name="Rubric">A preset (<see cref="JudgeRubrics"/>: <c>helpfulness</c>, <c>correctness</c>, <c>follows-format</c>, <c>language</c>) or the user's own text; default <c>helpfulness</c>.</param>
/// <param name="Model">The judge's model (default the job's model, on the job's endpoints).</param>
/// <param name="BaseUrl">The judge's provider's OpenAI-compatible base URL (default the job's first endpoint's, with its key).</param>
/// <param name="ApiKeyEnv">With another <paramref name="BaseUrl"/>: the environment variable holding its key.</param>
/// <param name="Scale">The top of the score scale: scores are whole numbers from 1 to this (default 10).</param>
/// <param name="Threshold">The lowest score an answer may have to stay in filtered exports (default none: every judged answer stays).</param>
/// <param name="ReferenceColumn">For <c>correctness</c>: the input column holding the reference answer, shown to the judge.</param>
public sealed record JudgeOptions(
    string? Rubric = null,
    string? Model = null,
    string? BaseUrl = null,
    string? ApiKeyEnv = null,
    int? Scale = null,
    double? Threshold = null,
    string? ReferenceColumn = null);
