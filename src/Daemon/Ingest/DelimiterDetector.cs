namespace BatchAi.Daemon.Ingest;

/// <summary>Guesses a CSV delimiter from the opening text: the candidate that splits the first records into the same, largest number of fields.</summary>
internal static class DelimiterDetector
{
    private const int MaxRecords = 20;

    private static readonly char[] Candidates = [',', '\t', ';', '|'];

    public static char Detect(string sample, bool reachedEnd, char fallback = ',')
    {
        var best = fallback;
        var bestScore = (Consistent: 0, Count: 0);
        foreach (var candidate in Candidates)
        {
            var counts = CountPerRecord(sample, candidate, reachedEnd);
            if (counts.Count == 0 || counts[0] == 0)
            {
                continue;
            }

            var score = (Consistent: counts.Count(c => c == counts[0]), Count: counts[0]);
            if (score.Consistent > bestScore.Consistent
                || (score.Consistent == bestScore.Consistent && score.Count > bestScore.Count))
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    // Quote-aware, so a comma inside "a, b" or a newline inside a quoted field does not count.
    private static List<int> CountPerRecord(string sample, char delimiter, bool reachedEnd)
    {
        var counts = new List<int>();
        var inQuotes = false;
        var count = 0;
        var recordHasText = false;
        foreach (var c in sample)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && (c == '\n' || c == '\r'))
            {
                if (recordHasText)
                {
                    counts.Add(count);
                    if (counts.Count == MaxRecords)
                    {
                        return counts;
                    }
                }

                count = 0;
                recordHasText = false;
                continue;
            }
            else if (!inQuotes && c == delimiter)
            {
                count++;
            }

            recordHasText = true;
        }

        // The last record of a cut sample may be partial; count it only when the file ended there.
        if (recordHasText && (reachedEnd || counts.Count == 0))
        {
            counts.Add(count);
        }

        return counts;
    }
}
