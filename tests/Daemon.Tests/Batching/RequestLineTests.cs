using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using BatchAi.Daemon.Batching;
using BatchAi.Daemon.Prompting;
using BatchAi.Daemon.Providers;

namespace BatchAi.Daemon.Tests.Batching;

public sealed class RequestLineTests
{
    [Fact]
    public void Write_BodyIsTheOnlineBodyWithoutStreaming()
    {
        var request = new ChatRequest("What is 2+2?", "Be brief.", 0.3, 50);
        var output = new ArrayBufferWriter<byte>();

        RequestLine.Write(output, "job1:4", "gpt-4o-mini", request, new WireOptions(MaxTokensField.MaxTokens));

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.EndsWith("}\n", text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var line = JsonNode.Parse(text)!;
        Assert.Equal(("job1:4", "POST", "/v1/chat/completions"), ((string)line["custom_id"]!, (string)line["method"]!, (string)line["url"]!));
        using var sent = new MemoryStream();
        ChatRequestBody.Write("gpt-4o-mini", request, new WireOptions(MaxTokensField.MaxTokens)).WriteTo(sent, TestContext.Current.CancellationToken);
        var online = JsonNode.Parse(sent.ToArray())!.AsObject();
        online.Remove("stream");
        online.Remove("stream_options");
        Assert.True(JsonNode.DeepEquals(online, line["body"]), line["body"]!.ToJsonString());
    }

    [Fact]
    public void RequestFileSet_SplitsAtLinesAndBytes_NoPartialLeft()
    {
        using var dir = new TestSupport.TempDirectory();
        var line = Encoding.UTF8.GetBytes(new string('x', 99) + "\n");
        using (var files = new RequestFileSet(dir.Path, "j-requests", new RequestFileLimits(MaxLines: 3, MaxBytes: 250)))
        {
            for (var i = 0; i < 5; i++)
            {
                files.Add(i, line);
            }

            files.Close();
            // 250 bytes hold two 100-byte lines, so the line limit of 3 is never reached.
            Assert.Equal([(2, 0L, 1L), (2, 2L, 3L), (1, 4L, 4L)], files.Written.Select(f => (f.Lines, f.FirstRow, f.LastRow)));
        }

        Assert.Equal(["j-requests-00001.jsonl", "j-requests-00002.jsonl", "j-requests-00003.jsonl"],
            Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }
}
