using System.Buffers;
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
        using var connection = ledger.Reader.Open();
        var line = new ArrayBufferWriter<byte>(4096);
        var after = fromRow - 1;
        while (LedgerReader.NextPending(connection, jobId, after, Page) is { Count: > 0 } rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var row in rows)
            {
                after = row.Index;
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

        files.Close();
        return new RequestExport(files.Written.ToList(), leftOut);
    }
}
