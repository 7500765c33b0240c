using BatchAi.Daemon.Jobs;
using BatchAi.Daemon.Providers;
using BatchAi.Protocol.Generation;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Common;

namespace BatchAi.Daemon.Rpc;

/// <summary>Rewrites a system or seed prompt to be clearer and more specific, with one request to the user's model.</summary>
internal sealed class PromptOptimizer(DaemonSettings settings)
{
    private const string SystemInstructions = """
        You improve prompts that will be sent, unchanged, to a language model many thousands of times.
        Rewrite the prompt the user gives you so that it is clear, specific and unambiguous: keep its intent, its language
        (answer in the language the prompt is written in) and every constraint it states; make implicit expectations explicit
        (audience, tone, length, format); remove filler. Reply with the improved prompt only: no preamble, no quotes, no commentary.
        """;

    private const string SeedInstructions = """
        The prompt asks a model to produce questions for a dataset. Also make it ask for varied, self-contained questions
        that cover the topic's sub-areas and do not repeat each other.
        """;

    public async Task<OptimizePromptResult> OptimizeAsync(OptimizePromptParams p, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(p?.Prompt))
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, "prompt is required: the system or seed prompt to improve.", new RefusedAt(Field: "prompt"));
        }

        if (p.Provider is null)
        {
            throw new RequestRefusedException(RefusalReason.InvalidField, "provider is required: { baseUrl, model, apiKey or apiKeyEnv }.", new RefusedAt(Field: "provider"));
        }

        EndpointConfigs.Validate([new Protocol.Jobs.EndpointConfig(p.Provider.BaseUrl, p.Provider.Model, "provider", p.Provider.ApiKey, p.Provider.ApiKeyEnv)], "provider");
        var key = p.Provider.ApiKey ?? (p.Provider.ApiKeyEnv is { Length: > 0 } variable
            ? KeyVariable.Read(settings.Environment, variable, "provider.apiKeyEnv")
            : null);
        var provider = new OpenAiChatProvider(p.Provider.BaseUrl, p.Provider.Model, key, settings.Time, settings.Retry.FirstTokenTimeout);
        var chat = new ResilientChat(provider, settings.Retry, settings.Time);
        var instructions = p.Purpose == "seed" ? SystemInstructions + "\n" + SeedInstructions : SystemInstructions;
        try
        {
            var answer = await chat.CompleteAsync(new ChatRequest(p.Prompt, instructions, 0.2, null), NoDeltaSink.Instance, () => { }, cancellationToken).ConfigureAwait(false);
            var improved = answer.Answer.Trim();
            return new OptimizePromptResult(p.Prompt, improved.Length == 0 ? p.Prompt : improved, answer.PromptTokens, answer.CompletionTokens);
        }
        catch (ProviderException e)
        {
            throw new RequestRefusedException(e.Fault == ProviderFault.KeyRefused ? RefusalReason.ProviderConfig : RefusalReason.ProviderFailed, e.Message, new RefusedAt(Field: "provider"));
        }
    }
}
