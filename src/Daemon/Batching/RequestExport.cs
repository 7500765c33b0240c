using System.Buffers;
using System.Collections.Concurrent;
using BatchAi.Daemon.Ledger;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Batching;

/// <summary>What writing request files did: the files, and the rows left out because their request could not be built (an image that cannot be read), with why.</summary>
internal sealed record RequestExport(IReadOnlyList<RequestFile> Files, IReadOnlyList<(long Row, string Reason)> LeftOut)
{
    private const int Page = 512;

    /// <summary>
    /// Writes a job's pending rows, in input order, as OpenAI batch request lines into files in <paramref name="directory"/>
    /// named <c>PREFIX-00001.jsonl</c>..., split at <paramref name="limits"/>. Rows are read from the ledger a page at a time.
    /// </summary>
    /// <param name="firstNumber">The first file's number in its name; the others follow.</param>
    /// <param name="fromRow">The first row that may be written (an <c>auto</c> job's batch side takes the rows from its cut on).</param>
    /// <param name="request">The row's request, as the online path builds it; it throws <see cref="ImageException"/> for a row that cannot be sent.</param>
    /// <param name="closed">Told of each file once it is whole, and before it, of the rows left out so far: a batch job records and sends
    /// each file while the next one is written.</param>
    public static RequestExport Write(JobLedger ledger, string jobId, string model, WireOptions wire, Func<WorkRow, ChatRequest> request,
        string directory, string prefix, RequestFileLimits limits, CancellationToken cancellationToken, int firstNumber = 1, long fromRow = 0,
        Action<RequestFile, IReadOnlyList<(long Row, string Reason)>>? closed = null)
    {
        var leftOut = new List<(long, string)>();
        var told = 0;
        using var files = new RequestFileSet(directory, prefix, limits, firstNumber, closed is null ? null : file =>
        {
            closed(file, leftOut.GetRange(told, leftOut.Count - told));
            told = leftOut.Count;
        });
        var line = new ArrayBufferWriter<byte>(4096);
        // The rows are read on another thread, a few pages ahead, while their lines are built and written on this one.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pages = new BlockingCollection<IReadOnlyList<WorkRow>>(boundedCapacity: 4);
        var reading = Task.Run(() => Read(ledger, jobId, fromRow, pages, stop.Token), CancellationToken.None);
        try
        {
            foreach (var rows in pages.GetConsumingEnumerable(cancellationToken))
            {
                foreach (var row in rows)
                {
                    ChatRequest built;
                    try
                    {
                        built = request(row);
                    }
                    catch (ImageException e)
                    {
                        leftOut.Add((row.Index, e.Message));
                        continue;
                    }

                    line.ResetWrittenCount();
                    RequestLine.Write(line, CustomId.Format(jobId, row.Index), model, built, wire);
                    files.Add(row.Index, line.WrittenSpan);
                }
            }
        }
        finally
        {
            stop.Cancel();
            // The reader's own failure (the ledger unreadable) is the export's; its stopping because this one stopped is not.
            try
            {
                reading.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }

        files.Close();
        return new RequestExport(files.Written.ToList(), leftOut);
    }

    /// <summary>Reads the pending rows from <paramref name="fromRow"/> on, a page at a time, into <paramref name="pages"/>.</summary>
    private static void Read(JobLedger ledger, string jobId, long fromRow, BlockingCollection<IReadOnlyList<WorkRow>> pages, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = ledger.Reader.Open();
            var byKey = MostArePending(connection, jobId, fromRow);
            var after = fromRow - 1;
            while (LedgerReader.NextPending(connection, jobId, after, Page, byKey) is { Count: > 0 } rows)
            {
                after = rows[^1].Index;
                pages.Add(rows, cancellationToken);
            }
        }
        finally
        {
            pages.CompleteAdding();
        }
    }

    /// <summary>Whether at least half the rows from <paramref name="fromRow"/> on are pending (a first write), or only a few (a second one).</summary>
    private static bool MostArePending(Microsoft.Data.Sqlite.SqliteConnection connection, string jobId, long fromRow)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FILTER (WHERE state = 0), COUNT(*) FROM rows WHERE job_id = $id AND idx >= $from";
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$from", fromRow);
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) * 2 >= reader.GetInt64(1);
    }
}
