using BatchAi.Daemon.Providers;
using BatchAi.Daemon.Scheduling;

namespace BatchAi.Daemon.Jobs;

/// <summary>
/// An estimate of a job with several answers per row from its one-answer figures. Each model answers every row <c>samples</c>
/// times: its completions are samples × one answer's; its prompts are paid once per row where the endpoint takes <c>n</c> (known
/// from its base URL: not DeepSeek's nor Ollama's), else once per sample. Re-asks are per answer, at the pilot's rate.
/// </summary>
internal static class SlotEstimate
{
    /// <param name="prompts">The prompt tokens of every row's one request, summed.</param>
    /// <param name="answers">The completion tokens of every row's one answer, summed (a pilot's include its re-asks').</param>
    /// <param name="requests">The requests of one answer per row (rows, or a multi-turn job's turns).</param>
    /// <param name="reasksPerAnswer">The pilot's re-asks per answer, with a schema; null without.</param>
    public static (long Prompt, long Completion, long Requests) Of(JobSpec spec, long prompts, long answers, long requests, double? reasksPerAnswer)
    {
        var rate = reasksPerAnswer ?? 0;
        if (spec.Slots() is not { } slots)
        {
            return (prompts, answers, requests + (long)Math.Round(requests * rate));
        }

        long prompt = 0, completion = 0, sent = 0;
        foreach (var model in slots.Models.Distinct(StringComparer.Ordinal))
        {
            var asked = TakesChoices(spec, slots, model) ? 1 : slots.Samples;
            prompt += prompts * asked;
            completion += answers * slots.Samples;
            sent += (requests * asked) + (long)Math.Round(requests * slots.Samples * rate);
        }

        return (prompt, completion, sent);
    }

    /// <summary>Whether every endpoint that answers <paramref name="model"/> is known to take <c>n</c> (one request for all samples).</summary>
    private static bool TakesChoices(JobSpec spec, AnswerSlots slots, string model)
    {
        if (slots.Samples == 1)
        {
            return true;
        }

        var endpoints = spec.AllEndpoints();
        IEnumerable<EndpointSpec> answering = slots.ByModel
            ? endpoints.Where(e => e.Model == model).DefaultIfEmpty(endpoints[0])!
            : endpoints;
        return answering.All(e => Dialects.TakesChoices(e.BaseUrl));
    }
}
