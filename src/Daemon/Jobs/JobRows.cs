using BatchAi.Daemon.Ledger;
using BatchAi.Protocol.Jobs;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Jobs;

/// <summary><c>getRows</c>: a page of a job's rows read from the ledger, so a client sees prompts, answers and errors in any output format, while the job runs or after.</summary>
internal sealed class JobRows(JobLedger ledger)
{
    public GetRowsResult Read(string jobId, JobSpec spec, GetRowsParams p)
    {
        RowState? state = null;
        if (p.State is { } name)
        {
            state = RowStateNames.TryParse(name, out var known)
                ? known
                : throw new RequestRefusedException(RefusalReason.InvalidField, $"state '{name}' is not a row state: use one of {RowStateNames.List}.", new RefusedAt(Field: "state"));
        }

        if (p.From is < 0)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, $"from must be 0 or more (it is {p.From}).", new RefusedAt(Field: "from"));
        }

        if (p.Limit is < 1 or > GetRowsParams.MaxLimit)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, $"limit must be 1 to {GetRowsParams.MaxLimit} (it is {p.Limit}).", new RefusedAt(Field: "limit"));
        }

        var (rows, next) = ledger.Reader.ReadRows(jobId, state, p.From ?? 0, p.Limit ?? GetRowsParams.DefaultLimit, spec.SoleModel());
        return new GetRowsResult(spec.Slots() is { } slots ? WithAnswers(jobId, slots, rows) : rows, next);
    }

    /// <summary>A job with several answers per row: each row with every slot's answer (pending ones too), read in one query for the page.</summary>
    private List<JobRow> WithAnswers(string jobId, AnswerSlots slots, IReadOnlyList<JobRow> rows)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var answers = ledger.Reader.ReadAnswers(jobId, rows[0].Row, rows[^1].Row);
        return rows.Select(r => r with { Answers = RowAnswers.Of(slots, answers.GetValueOrDefault(r.Row) ?? []) }).ToList();
    }
}
