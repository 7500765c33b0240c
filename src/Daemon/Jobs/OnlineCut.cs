namespace BatchAi.Daemon.Jobs;

/// <summary>
/// Where an <c>auto</c> job's input is cut between the online path (rows below <see cref="Limit"/>) and the batch side (rows from
/// it on). The cut only moves down, and never below a row the online path has claimed: a worker claims each row before it is
/// marked in flight, and the cut is lowered under the same lock to past the highest claimed row, so a row is never in a request
/// file and in flight at once. An online job's cut is past every row.
/// </summary>
internal sealed class OnlineCut(long limit = long.MaxValue)
{
    private readonly Lock _gate = new();
    private long _limit = limit;
    private long _highestClaimed = -1;

    /// <summary>The first row that goes by batch; every row from it on does.</summary>
    public long Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    /// <summary>Whether the online path may send <paramref name="row"/>: it is below the cut, and the cut stays above it from now on.</summary>
    public bool TryClaim(long row)
    {
        lock (_gate)
        {
            if (row >= _limit)
            {
                return false;
            }

            _highestClaimed = Math.Max(_highestClaimed, row);
            return true;
        }
    }

    /// <summary>Moves the cut down to <paramref name="row"/>, or to just past the highest row claimed when that is higher; whether it moved.</summary>
    public bool Lower(long row)
    {
        lock (_gate)
        {
            var next = Math.Max(row, _highestClaimed + 1);
            if (next >= _limit)
            {
                return false;
            }

            _limit = next;
            return true;
        }
    }
}
