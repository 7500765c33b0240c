using BatchAi.Daemon.Providers;
using Microsoft.ML.Tokenizers;
using BatchAi.Daemon.Prompting;

namespace BatchAi.Daemon.Scheduling;

/// <summary>
/// A request's token cost before it is sent: the prompt counted by a real tokenizer (tiktoken's
/// o200k_base, whose vocabulary ships inside the Microsoft.ML.Tokenizers.Data.O200kBase package, so
/// nothing is downloaded) plus <c>max_tokens</c>. Other models' tokenizers differ by some percent;
/// the bucket is corrected from the usage the provider reports, so the estimate only has to be close.
/// </summary>
internal static class TokenEstimator
{
    /// <summary>Completion tokens assumed when a job sets no <c>max_tokens</c>; corrected from usage.</summary>
    public const int DefaultCompletionTokens = 512;

    // The chat format's own tokens per message (role, separators), as OpenAI documents them.
    private const int PerMessage = 4;

    /// <summary>
    /// The tokens assumed per image part. Providers charge images by their size (OpenAI: 85 a low-detail image, up to about
    /// 1,100 for a large high-detail one), which a request's text does not say, and a remote image is never fetched to measure
    /// it; a fixed figure near a typical high-detail photo keeps buckets and estimates close, and usage corrects them.
    /// </summary>
    public const int PerImage = 765;

    private static readonly Lazy<Tokenizer?> Tokenizer = new(Load);

    /// <summary>Whether the real tokenizer loaded; if not, four characters count as one token.</summary>
    public static bool HasTokenizer => Tokenizer.Value is not null;

    public static int Estimate(ChatRequest request)
    {
        var prompt = 3;
        foreach (var message in request.Messages)
        {
            prompt += Count(message.Content) + PerMessage + (message.Images * PerImage);
        }

        return prompt + (request.MaxTokens ?? DefaultCompletionTokens);
    }

    public static int Count(string text) => Tokenizer.Value?.CountTokens(text) ?? ((text.Length + 3) / 4);

    private static Tokenizer? Load()
    {
        try
        {
            return TiktokenTokenizer.CreateForEncoding("o200k_base");
        }
        catch (Exception)
        {
            return null;
        }
    }
}
