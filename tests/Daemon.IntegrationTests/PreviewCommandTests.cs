using System.Text;
using BatchAi.Daemon.IntegrationTests.TestSupport;

namespace BatchAi.Daemon.IntegrationTests;

/// <summary><c>batchai preview</c> through the real executable: conversation and image rows printed as the messages that will be sent.</summary>
public sealed class PreviewCommandTests
{
    [Fact]
    public async Task Preview_ConversationRows_PrintsEachMessageSentUpToTheLastUserTurn()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("chats.jsonl"), """
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":[{"type":"text","text":"What is <b>this</b>?"},{"type":"image_url","image_url":{"url":"imgs/cat.png"}}]},{"role":"assistant","content":"an old answer"}]}
            {"question":"ignored","messages":[{"role":"user","content":"One turn"}]}

            """, new UTF8Encoding(false));

        var preview = await CliRun.RunAsync(temp.Path, ct, "preview", "chats.jsonl", "--data-dir", temp.Sub("data"));

        Assert.True(preview.ExitCode == 0, preview.ToString());
        var lines = preview.Stdout.Split('\n').Select(l => l.TrimEnd()).ToList();
        var first = lines.FindIndex(l => l.StartsWith("  1 (line 1): 4 messages sent", StringComparison.Ordinal));
        Assert.True(first >= 0, preview.ToString());
        // Up to the last user turn: the old answer after it is asked again, not sent; the text cleaned, the image by reference.
        Assert.Equal(
            ["system     Be brief.", "user       Hi", "assistant  Hello", "user       What is this? [image: imgs/cat.png]"],
            lines.Skip(first + 1).Take(4).Select(l => l.Trim()));
        Assert.Contains("  2 (line 2): 1 message sent", preview.Stdout);
        Assert.Contains("user       One turn", preview.Stdout);
        Assert.DoesNotContain("an old answer", preview.Stdout);
        Assert.DoesNotContain("PreviewRow", preview.Stdout);
    }

    [Fact]
    public async Task Preview_ImageColumnNamed_RowsCarryTheirImage_WithoutItThePlainQuestion()
    {
        var ct = Timeouts.Token();
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("pics.csv"), "question,photo\nWhat is in picture A?,imgs/a.png\nAnd B?,https://example.com/b.png\n", new UTF8Encoding(false));
        var data = temp.Sub("data");

        var withImages = await CliRun.RunAsync(temp.Path, ct, "preview", "pics.csv", "--image-column", "photo", "--data-dir", data);
        Assert.True(withImages.ExitCode == 0, withImages.ToString());
        Assert.Contains("  1 (line 2): 1 message sent", withImages.Stdout);
        Assert.Contains("user       What is in picture A? [image: imgs/a.png]", withImages.Stdout);
        Assert.Contains("user       And B? [image: https://example.com/b.png]", withImages.Stdout);

        var json = await CliRun.RunAsync(temp.Path, ct, "preview", "pics.csv", "--image-column", "photo", "--json", "--data-dir", data);
        Assert.True(json.ExitCode == 0, json.ToString());
        var message = Assert.Single(json.Json().GetProperty("rows")[0].GetProperty("messages").EnumerateArray());
        Assert.Equal("user", message.GetProperty("role").GetString());
        Assert.Equal(["imgs/a.png"], message.GetProperty("images").EnumerateArray().Select(i => i.GetString()));

        // "photo" is not a name the daemon takes by itself: without the flag, the rows are plain questions.
        var plain = await CliRun.RunAsync(temp.Path, ct, "preview", "pics.csv", "--data-dir", data);
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("  1 (line 2): What is in picture A?", plain.Stdout);
        Assert.DoesNotContain("[image:", plain.Stdout);

        var unknown = await CliRun.RunAsync(temp.Path, ct, "preview", "pics.csv", "--image-column", "picture", "--data-dir", data);
        Assert.True(unknown.ExitCode != 0, unknown.ToString());
        Assert.Contains("picture", unknown.Stdout + unknown.Stderr);
    }
}
