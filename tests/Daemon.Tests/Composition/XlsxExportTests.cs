using System.Text.Json;
using BatchAi.Daemon.Export;
using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>An .xlsx export read back by ExcelDataReader matches the ledger, Chinese and source columns included.</summary>
public sealed class XlsxExportTests
{
    [Fact]
    public async Task ExportJob_Xlsx_ReadsBackWithEveryRowAndColumn()
    {
        await using var harness = await StartAsync();
        var (rpc, notes) = harness.Connect();
        var input = harness.Dir.WriteText("q.csv", "id,问题\n1,什么是人工智能？\n2,Why is the sky blue?\n3,\"a, b and \"\"c\"\"\"\n");
        var started = await CallAsync<StartJobResult>(rpc, Methods.StartJob, new StartJobParams(input, harness.Provider()));
        await notes.WaitForStateAsync(started.JobId, JobState.Completed, Timeouts.Token());

        var result = await CallAsync<ExportJobResult>(rpc, Methods.ExportJob, new ExportJobParams(started.JobId, Format: "xlsx"));

        Assert.EndsWith("q.answers.xlsx", result.Output);
        var expected = File.ReadAllLines(started.Output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        await using var sheet = await DatasetReader.OpenAsync(result.Output, null, Timeouts.Token());
        Assert.Equal([.. TabularRow.FixedColumns, "id", "问题"], sheet.Columns);
        var rows = await sheet.ReadRowsAsync(Timeouts.Token()).ToListAsync(Timeouts.Token());
        Assert.Equal(3, rows.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i].Cell(0));
            Assert.Equal(expected[i].GetProperty("question").GetString(), rows[i].Cell(1));
            Assert.Equal(expected[i].GetProperty("answer").GetString(), rows[i].Cell(2));
            Assert.Equal("sim-small", expected[i].GetProperty("model").GetString());
            Assert.Equal("sim-small", rows[i].Cell(TabularRow.FixedColumns.Count - 1));
            Assert.Equal(expected[i].GetProperty("columns").GetProperty("问题").GetString(), rows[i].Cell(TabularRow.FixedColumns.Count + 1));
        }
    }

    [Fact]
    public void CellText_ForbiddenCharactersAndOverlongText_KeptToWhatExcelAccepts()
    {
        Assert.Equal("ab😀c", XlsxExport.CellText("a\u0001b😀\ud800c"));
        Assert.Equal(XlsxExport.MaxCellChars, XlsxExport.CellText(new string('x', 40_000)).Length);
    }
}
