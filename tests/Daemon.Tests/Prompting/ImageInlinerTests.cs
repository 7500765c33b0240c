using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Prompting;

public sealed class ImageInlinerTests : IDisposable
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ChatRequest WithImage(string reference) =>
        new([ChatMessage.OfParts(ChatRole.User, [ChatPart.OfText("What?"), ChatPart.OfImage(reference)])]);

    [Fact]
    public void Inline_RelativePathAndFileUrl_DataUrlsTypedBySignature_RemoteUrlsUntouched()
    {
        Directory.CreateDirectory(_dir.File("imgs"));
        File.WriteAllBytes(_dir.File("imgs/a.jpg"), Png);
        var expected = "data:image/png;base64," + Convert.ToBase64String(Png);

        Assert.Equal(expected, Url(ImageInliner.Inline(WithImage("imgs/a.jpg"), _dir.Path, 1000)));
        Assert.Equal(expected, Url(ImageInliner.Inline(WithImage(new Uri(_dir.File("imgs/a.jpg")).AbsoluteUri), "/elsewhere", 1000)));
        Assert.Equal("https://x/a.png", Url(ImageInliner.Inline(WithImage("https://x/a.png"), _dir.Path, 1000)));
    }

    [Fact]
    public void Inline_MissingOversizedOrNotAnImage_ErrorNamesTheImage()
    {
        File.WriteAllBytes(_dir.File("big.png"), Png);
        File.WriteAllText(_dir.File("notes.png"), "hello");

        Assert.Contains("'gone.png' was not found", Assert.Throws<ImageException>(() => ImageInliner.Inline(WithImage("gone.png"), _dir.Path, 1000)).Message);
        Assert.Contains("'big.png' is 11 bytes; at most 10", Assert.Throws<ImageException>(() => ImageInliner.Inline(WithImage("big.png"), _dir.Path, 10)).Message);
        Assert.Contains("'notes.png' is not an image", Assert.Throws<ImageException>(() => ImageInliner.Inline(WithImage("notes.png"), _dir.Path, 1000)).Message);
    }

    private static string Url(ChatRequest request) => request.Messages[0].Parts![1].ImageUrl!;
}
