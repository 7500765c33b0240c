using System.Globalization;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Cli;

/// <summary>
/// How <c>batchai preview</c> prints a row: a plain question as it will be sent (and as read, when cleaning changed it);
/// a conversation or image row as the messages that will be sent, one per line, images by reference (a local one is
/// inlined only when its row is sent).
/// </summary>
internal static class PreviewView
{
    /// <summary>A message's text is cut here on screen; <c>--json</c> has it whole.</summary>
    private const int MaxText = 200;

    public static void Print(PreviewRow row, TextWriter output)
    {
        var where = row.Row is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line})") : string.Empty;
        var notes = new List<string>();
        if (row.Skip is { } skip)
        {
            notes.Add($"not sent: {skip}");
        }

        if (row.Rules.Count > 0)
        {
            notes.Add($"cleaned: {string.Join(", ", row.Rules)}");
        }

        var note = notes.Count > 0 ? $"  [{string.Join("; ", notes)}]" : string.Empty;
        if (row.Messages is not { Count: > 0 } messages)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Index + 1}{where}: {OneLine(row.Cleaned)}{note}"));
            if (row.Raw != row.Cleaned)
            {
                output.WriteLine($"      as read: {OneLine(row.Raw)}");
            }

            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Index + 1}{where}: {messages.Count} message{(messages.Count == 1 ? string.Empty : "s")} sent{note}"));
        foreach (var message in messages)
        {
            var images = message.Images is { Count: > 0 } list ? " " + string.Join(" ", list.Select(i => $"[image: {i}]")) : string.Empty;
            output.WriteLine($"      {message.Role,-9}  {OneLine(message.Text)}{images}");
        }
    }

    private static string OneLine(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > MaxText ? string.Concat(flat.AsSpan(0, MaxText - 1), "…") : flat;
    }
}
