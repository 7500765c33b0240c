using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BatchAi.Daemon.Export;

/// <summary>JSON Lines (one record per line) and a JSON array, both written record by record.</summary>
internal static class JsonExport
{
    private const int FlushThreshold = 64 * 1024;

    public static async Task<long> WriteLinesAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken, bool structured = false)
    {
        long count = 0;
        await using var writer = new Utf8JsonWriter(stream, ExportRecordJson.WriterOptions(indented: false));
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            ExportRecordJson.Write(writer, record, structured);
            await writer.FlushAsync(cancellationToken);
            stream.WriteByte((byte)'\n');
            // A JSON writer holds one top-level value; start afresh for the next line.
            writer.Reset();
            count++;
        }

        return count;
    }

    public static async Task<long> WriteArrayAsync(Stream stream, IAsyncEnumerable<ExportRecord> records, CancellationToken cancellationToken, bool structured = false)
    {
        long count = 0;
        await using var writer = new Utf8JsonWriter(stream, ExportRecordJson.WriterOptions(indented: true));
        writer.WriteStartArray();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            ExportRecordJson.Write(writer, record, structured);
            count++;
            if (writer.BytesPending > FlushThreshold)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken);
        stream.WriteByte((byte)'\n');
        return count;
    }
}
