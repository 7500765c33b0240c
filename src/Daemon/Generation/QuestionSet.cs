using BatchAi.Daemon.Cleaning;

namespace BatchAi.Daemon.Generation;

/// <summary>
/// The questions a generate job accepted, and the judge of new ones: an exact duplicate (by <see cref="Shingles.Key"/>)
/// or a near-duplicate (character-shingle similarity at or above the threshold) is refused. Rebuilt from the ledger on
/// every run, so a resumed job judges as the first run did.
/// </summary>
internal sealed class QuestionSet
{
    private static readonly TextCleaner Cleaner = new(null);

    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly MinHashIndex _index;
    private readonly List<string> _questions = [];
    private readonly CoveredThemes _themes = new();

    public QuestionSet(double threshold)
    {
        Threshold = threshold;
        _index = new MinHashIndex(threshold);
    }

    public double Threshold { get; }

    public int Count => _questions.Count;

    /// <summary>The accepted questions, in order of acceptance.</summary>
    public IReadOnlyList<string> Questions => _questions;

    /// <summary>What the next batch's prompt says is covered: bounded work whatever the set's size.</summary>
    public CoveredQuestions Covered() => CoveredQuestions.Of(_questions, _themes);

    /// <summary>Judges <paramref name="candidate"/> and keeps it if it is new; <paramref name="question"/> is the cleaned text kept.</summary>
    public QuestionVerdict TryAdd(string candidate, out string question)
    {
        question = Cleaner.Clean(candidate).Trim();
        var key = Shingles.Key(question);
        if (key.Length == 0)
        {
            return QuestionVerdict.Empty;
        }

        if (_keys.Contains(key))
        {
            return QuestionVerdict.Duplicate;
        }

        var shingles = Shingles.Of(key);
        if (_index.FindSimilar(shingles, out _) is not null)
        {
            return QuestionVerdict.NearDuplicate;
        }

        _keys.Add(key);
        _index.Add(shingles);
        _questions.Add(question);
        _themes.Add(question);
        return QuestionVerdict.Accepted;
    }
}
