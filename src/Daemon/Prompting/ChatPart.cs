namespace BatchAi.Daemon.Prompting;

/// <summary>
/// One part of a message whose content is a list (OpenAI's content parts): a text, or an image by URL. An image read from
/// a local file is a <c>data:</c> URL only in the request that is sent; the ledger and the exports keep its reference.
/// </summary>
/// <param name="Text">The text of a text part; null for an image.</param>
/// <param name="ImageUrl">The image's URL (http(s), <c>data:</c>, or as stored, a path or <c>file:</c> URL); null for a text.</param>
/// <param name="Detail">OpenAI's <c>detail</c> (low, high, auto) when the input gave one; written only when set.</param>
internal sealed record ChatPart(string? Text, string? ImageUrl = null, string? Detail = null)
{
    public bool IsImage => ImageUrl is not null;

    public static ChatPart OfText(string text) => new(text);

    public static ChatPart OfImage(string url, string? detail = null) => new(null, url, detail);
}
