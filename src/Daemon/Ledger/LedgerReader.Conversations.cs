using BatchAi.Daemon.Export;

namespace BatchAi.Daemon.Ledger;

internal sealed partial class LedgerReader
{
    /// <summary>
    /// Whether any row of the job holds a conversation, and any conversation an image: a Parquet export's columns depend on
    /// the whole job and are fixed before its first row. Each stops at the first row that says yes; a job of plain questions
    /// reads its rows once through (the cost is in docs/benchmarks.md).
    /// </summary>
    public async Task<ConversationKinds> ReadConversationKindsAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // A stored conversation is compact JSON, so an image part always reads "image_url":{ and a text that mentions it is escaped (\").
        command.CommandText = """
            SELECT EXISTS (SELECT 1 FROM rows WHERE job_id = $id AND conversation = 1),
                   EXISTS (SELECT 1 FROM rows WHERE job_id = $id AND conversation = 1 AND instr(question, '"image_url":') > 0)
            """;
        command.Parameters.AddWithValue("$id", jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationKinds(reader.GetInt64(0) != 0, reader.GetInt64(1) != 0);
    }
}
