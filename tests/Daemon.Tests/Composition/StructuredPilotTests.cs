using System.Text.Json;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol;
using BatchAi.Protocol.Jobs;
using static BatchAi.Daemon.Tests.TestSupport.DaemonHarness;

namespace BatchAi.Daemon.Tests.Composition;

/// <summary>estimateJob with a responseFormat: the pilot reports the re-asks its rows took, per row sent.</summary>
public sealed class StructuredPilotTests
{
    private static readonly ResponseFormatOptions Schema = new(JsonDocument.Parse(
        """{"type":"object","properties":{"topic":{"type":"string"},"score":{"type":"integer"}},"required":["topic","score"]}""").RootElement);

    [Fact]
    public async Task EstimateJob_SchemaPilot_ReportsReasksPerSentRow_CachedRowsNotCounted_NoneWithoutSchema()
    {
        await using var harness = await StartAsync();
        var (rpc, _) = harness.Connect();
        // Of 10 rows, one answers invalid once (valid on its re-ask) and one past the default 2 re-asks: 3 re-asks over 10 rows sent.
        var input = harness.WriteQuestions("q.csv", 10, i => $"Question {i} about the weather?" + i switch
        {
            2 => " [[sim:invalid-json]]",
            7 => " [[sim:invalid-json:5]]",
            _ => "",
        });
        var withSchema = new EstimateJobParams(new StartJobParams(input, harness.Provider(), ResponseFormat: Schema), pilot: 10);

        var first = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, withSchema);
        var afterFirst = harness.Simulator.Stats.TotalRequests;
        var again = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob, withSchema);
        var plain = await CallAsync<EstimateJobResult>(rpc, Methods.EstimateJob,
            new EstimateJobParams(new StartJobParams(harness.WriteQuestions("p.csv", 4), harness.Provider()), pilot: 4));

        Assert.Equal((10, 10, 0), (first.Pilot!.Rows, first.Pilot.Sent, first.Pilot.Failed));
        Assert.Equal(0.3, first.Pilot.ReasksPerRow!.Value, precision: 6);
        Assert.Equal(10 + 3, afterFirst);
        // Only the valid answers were cached: the second pilot sent the row that never validated, and it took 2 re-asks again.
        Assert.Equal((1, 2.0), (again.Pilot!.Sent, again.Pilot.ReasksPerRow));
        Assert.Equal(10 + 3 + 3 + 4, harness.Simulator.Stats.TotalRequests);
        Assert.Null(plain.Pilot!.ReasksPerRow);
    }
}
