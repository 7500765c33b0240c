namespace BatchAi.Daemon.Jobs;

/// <summary>
/// The answers a row of a job with <c>samples</c>, <c>models</c> or a judge has: its slots, models in the order given, each
/// model's samples in turn (slot = modelIndex × samples + sample). A judge-only job has one slot, so the judge has a record to score.
/// </summary>
/// <param name="Models">The models in the order given (the job's <c>models</c>), or the job's one model.</param>
/// <param name="Samples">Answers per model, 1 or more.</param>
/// <param name="ByModel">Whether <paramref name="Models"/> was given: each slot is then asked of its own model and fingerprinted
/// with it; else of the job's pool (any of its models), fingerprinted with the pool's set as a plain row is.</param>
internal sealed record AnswerSlots(IReadOnlyList<string> Models, int Samples, bool ByModel)
{
    public int Count => Models.Count * Samples;

    public int Slot(int modelIndex, int sample) => (modelIndex * Samples) + sample;

    public string ModelOf(int slot) => Models[slot / Samples];

    public int SampleOf(int slot) => slot % Samples;

    /// <summary>The slots not yet answered, among <paramref name="answered"/> (done ones), as a request plan: per model, in order.</summary>
    public IReadOnlyList<SlotRequest> Plan(IReadOnlySet<int> answered)
    {
        var plan = new List<SlotRequest>();
        for (var m = 0; m < Models.Count; m++)
        {
            var missing = Enumerable.Range(0, Samples).Where(s => !answered.Contains(Slot(m, s))).ToList();
            if (missing.Count == Samples && Samples > 1)
            {
                // None answered yet: one request for all of them (n where the endpoint takes it; the rest asked one by one after).
                plan.Add(new SlotRequest(m, 0, Samples));
                continue;
            }

            // Some answered (a resumed or retried row, or an endpoint that gave fewer choices): only the missing ones, each alone.
            plan.AddRange(missing.Select(s => new SlotRequest(m, s, 1)));
        }

        return plan;
    }
}

/// <summary>One request of a row's plan: samples <paramref name="First"/> to <paramref name="First"/> + <paramref name="Count"/> - 1 of model <paramref name="ModelIndex"/>.</summary>
internal readonly record struct SlotRequest(int ModelIndex, int First, int Count);
