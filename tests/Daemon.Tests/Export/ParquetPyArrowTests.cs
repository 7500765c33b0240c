using System.Diagnostics;
using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Tests.TestSupport;

namespace BatchAi.Daemon.Tests.Export;

/// <summary>
/// A second reader, where the machine has one: pyarrow, as the Hub and pandas read Parquet. Skipped without it; the read-back
/// by Parquet.Net in <see cref="ParquetExportTests"/> and <see cref="ParquetConversationTests"/> is the assertion that always runs.
/// </summary>
public sealed class ParquetPyArrowTests : IDisposable
{
    private const string Script = """
        import json, sys, pyarrow.parquet as pq
        table = pq.read_table(sys.argv[1])
        print(json.dumps({"schema": {f.name: str(f.type) for f in table.schema}, "rows": table.to_pylist()}, ensure_ascii=False))
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_Parquet_PyArrowReadsTheSameRowsAndTypes()
    {
        if ((await PythonAsync("-c", "import pyarrow")).ExitCode != 0)
        {
            Assert.Skip("pyarrow is not installed here (pip install pyarrow to run this check).");
        }

        ExportRecord[] records =
        [
            new(0, "什么是 AI？", "人工智能 😀", "想", null, "stop", 3, 4, 1, [new("id", "1")], "m"),
            new(1, "bad", null, null, "HTTP 400", null, null, null, 2, [new("id", null)], State: ExportRowState.Failed),
        ];
        var path = _dir.File("out.parquet");
        await ExportWriter.WriteAsync(path, "parquet", records.ToAsyncEnumerable(), Timeouts.Token());

        var read = await PythonAsync("-c", Script, path);

        Assert.Equal(0, read.ExitCode);
        using var json = JsonDocument.Parse(read.Output);
        var schema = json.RootElement.GetProperty("schema");
        Assert.Equal("int64", schema.GetProperty("index").GetString());
        Assert.Equal("string", schema.GetProperty("answer").GetString());
        Assert.Equal("int64", schema.GetProperty("promptTokens").GetString());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal("人工智能 😀", rows[0].GetProperty("answer").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("promptTokens").ValueKind);
        Assert.Equal("HTTP 400", rows[1].GetProperty("error").GetString());
    }

    [Fact]
    public async Task WriteAsync_ConversationRows_PyArrowReadsMessagesAsListsOfStructs()
    {
        if ((await PythonAsync("-c", "import pyarrow")).ExitCode != 0)
        {
            Assert.Skip("pyarrow is not installed here (pip install pyarrow to run this check).");
        }

        ExportRecord[] records =
        [
            new(0, """[{"role":"user","content":[{"type":"text","text":"看这个？"},{"type":"image_url","image_url":{"url":"imgs/a.png"}}]}]""", "一只猫", null, null,
                "stop", 1, 1, 1, null, "m", Conversation: true),
            new(1, "plain?", "yes", null, null, "stop", 1, 1, 1, null, "m"),
        ];
        var path = _dir.File("chat.parquet");
        await ExportWriter.WriteAsync(path, "parquet", records.ToAsyncEnumerable(), Timeouts.Token(), new ExportContext { Kinds = new(true, true) });

        var read = await PythonAsync("-c", Script, path);

        Assert.Equal(0, read.ExitCode);
        using var json = JsonDocument.Parse(read.Output);
        Assert.StartsWith("list<", json.RootElement.GetProperty("schema").GetProperty("messages").GetString());
        Assert.Contains("struct<role: string", json.RootElement.GetProperty("schema").GetProperty("messages").GetString());
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(
            [("user", "<image>看这个？"), ("assistant", "一只猫")],
            rows[0].GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())));
        Assert.Equal("""["imgs/a.png"]""", rows[0].GetProperty("images").GetRawText());
        Assert.Equal("""[]""", rows[1].GetProperty("images").GetRawText());
        Assert.Equal(2, rows[1].GetProperty("messages").GetArrayLength());
    }

    private static async Task<(int ExitCode, string Output)> PythonAsync(params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(Timeouts.Token());
            _ = process.StandardError.ReadToEndAsync(Timeouts.Token());
            await process.WaitForExitAsync(Timeouts.Token());
            return (process.ExitCode, await output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, string.Empty); // no python3 at all
        }
    }
}
