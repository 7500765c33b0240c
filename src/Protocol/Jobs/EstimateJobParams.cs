using System.Text.Json.Serialization;

namespace BatchAi.Protocol.Jobs;

/// <summary>
/// Parameters of <c>estimateJob</c>: every option of <c>startJob</c> (one flat object, so a client that sends
/// <c>startJob</c>'s options is understood as before), and <see cref="Pilot"/>.
/// </summary>
public sealed record EstimateJobParams : StartJobParams
{
    /// <summary>For the JSON reader: every field comes from the object's properties.</summary>
    [JsonConstructor]
    public EstimateJobParams()
        : base(string.Empty, null)
    {
    }

    /// <summary>The estimate of a job with these options.</summary>
    public EstimateJobParams(StartJobParams options, int? pilot = null)
        : base(options)
    {
        Pilot = pilot;
    }

    /// <summary>
    /// Really send this many rows (1 to 100) to measure the answers' length instead of assuming it; the answers are kept in
    /// the response cache, so the job does not pay for them again. Absent: nothing is sent.
    /// </summary>
    public int? Pilot { get; init; }
}
