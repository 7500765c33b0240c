using BatchAi.Daemon.Rpc.Preview;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Tests.Rpc.Preview;

public sealed class ConversationPreviewTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PreviewAsync_ConversationAndImageRows_ShownAsTheMessagesSent()
    {
        var input = _dir.WriteText("rows.jsonl",
            """
            {"conversations":[{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello"},{"from":"human","value":"Bye?"}],"image":"a.png"}
            {"conversations":[{"from":"human","value":"Only"}]}

            """);

        var result = await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(input), TestContext.Current.CancellationToken);

        var first = result.Rows[0].Messages!;
        Assert.Equal(["user", "assistant", "user"], first.Select(m => m.Role));
        Assert.Equal(["a.png"], first[0].Images!);
        Assert.Null(first[2].Images);
        Assert.Equal("Only", Assert.Single(result.Rows[1].Messages!).Text);
    }
}
