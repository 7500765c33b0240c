namespace BatchAi.Daemon.Ledger;

internal sealed partial class LedgerReader
{
    /// <summary>
    /// How long the last <paramref name="count"/> batches folded at <paramref name="baseUrl"/> took, newest first: from the
    /// request file written to its output folded, an upper bound on the provider's own time (it holds the upload and the
    /// last wait between polls too). Batches the provider refused are left out: they never ran.
    /// </summary>
    public IReadOnlyList<TimeSpan> RecentBatchDurations(string baseUrl, int count)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b.created_at, b.updated_at FROM batch_files b JOIN jobs j ON j.id = b.job_id
            WHERE j.base_url = $url AND b.state = 'folded' AND b.batch_id IS NOT NULL
            ORDER BY b.updated_at DESC LIMIT $count
            """;
        command.Parameters.AddWithValue("$url", baseUrl);
        command.Parameters.AddWithValue("$count", count);
        using var reader = command.ExecuteReader();
        var durations = new List<TimeSpan>();
        while (reader.Read())
        {
            durations.Add(ParseTime(reader.GetString(1)) - ParseTime(reader.GetString(0)));
        }

        return durations;
    }
}
