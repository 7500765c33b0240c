using BatchAi.Daemon.Ledger;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>getRows</c>: a page of a job's rows read from the ledger, so a client sees prompts, answers and errors in any output format, while the job runs or after.</summary>
internal sealed partial class JobManager
{
    private static readonly Dictionary<string, RowState> RowStates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pending"] = RowState.Pending,
        ["inFlight"] = RowState.InFlight,
        ["done"] = RowState.Done,
        ["failed"] = RowState.Failed,
        ["skipped"] = RowState.Skipped,
    };

    public GetRowsResult GetRows(GetRowsParams p)
    {
        var runner = Runner(p.JobId);
        RowState? state = null;
        if (p.State is { } name)
        {
            state = RowStates.TryGetValue(name, out var known)
                ? known
                : throw new JobException(ErrorCodes.InvalidParams, $"state '{name}' is not a row state: use one of {string.Join(", ", RowStates.Keys)}.", new ErrorData(Field: "state"));
        }

        if (p.From is < 0)
        {
            throw new JobException(ErrorCodes.InvalidParams, $"from must be 0 or more (it is {p.From}).", new ErrorData(Field: "from"));
        }

        if (p.Limit is < 1 or > GetRowsParams.MaxLimit)
        {
            throw new JobException(ErrorCodes.InvalidParams, $"limit must be 1 to {GetRowsParams.MaxLimit} (it is {p.Limit}).", new ErrorData(Field: "limit"));
        }

        var (rows, next) = _ledger.Reader.ReadRows(runner.Id, state, p.From ?? 0, p.Limit ?? GetRowsParams.DefaultLimit);
        return new GetRowsResult(rows.Select(Describe).ToArray(), next);
    }

    internal static string RowStateName(RowState state) => state switch
    {
        RowState.Pending => "pending",
        RowState.InFlight => "inFlight",
        RowState.Done => "done",
        RowState.Failed => "failed",
        _ => "skipped",
    };

    private static JobRow Describe(LedgerRow row) => new(
        row.Index,
        RowStateName(row.State),
        row.Question,
        row.State == RowState.Done ? row.Answer : null,
        row.Reasoning,
        row.State == RowState.Done ? null : row.Error,
        row.FinishReason,
        row.Attempts,
        row.PromptTokens,
        row.CompletionTokens);
}
