using Microsoft.ML.Tokenizers;

namespace BatchAi.Simulator.Text;

/// <summary>
/// <c>usage.prompt_tokens</c> as OpenAI reports it for its o200k models: each message's content by tiktoken's o200k_base,
/// 3 tokens of framing per message, and 3 that prime the reply. Answers stay counted in the simulator's own pieces (one
/// streamed piece is one token), so <c>max_tokens</c> cuts exactly where the reported count says.
/// </summary>
internal static class PromptTokenCounter
{
    public const int ReplyPriming = 3;
    private const int PerMessage = 3;

    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    public static int Message(string content) => O200k.Value.CountTokens(content) + PerMessage;
}
