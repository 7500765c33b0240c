using BatchAi.Daemon.Ingest;
using BatchAi.Daemon.Rpc.Preview;
using BatchAi.Daemon.Tests.TestSupport;
using BatchAi.Protocol.Datasets;

namespace BatchAi.Daemon.Tests.Ingest;

/// <summary>
/// The readers fed random bytes, and valid files with random bytes flipped or cut short, never fail with
/// anything but a <see cref="DatasetException"/> (which the daemon turns into an error naming the file).
/// </summary>
public sealed class RandomBytesTests : IDisposable
{
    private const int CasesPerExtension = 150;

    private readonly TempDirectory _dir = new();

    public static TheoryData<string> Extensions => new(".csv", ".tsv", ".json", ".jsonl", ".xlsx", ".xls");

    [Theory]
    [MemberData(nameof(Extensions))]
    public async Task Preview_RandomOrDamagedBytes_OnlyDatasetErrors(string extension)
    {
        var random = new Random(extension.GetHashCode(StringComparison.Ordinal) ^ 1124);
        var seeds = Seeds(extension);
        var accepted = 0;
        for (var n = 0; n < CasesPerExtension; n++)
        {
            var bytes = n % 3 == 0 ? RandomBytes(random) : Damage(seeds[random.Next(seeds.Count)], random);
            var path = _dir.WriteBytes($"case{n}{extension}", bytes);
            try
            {
                await DatasetPreviewer.PreviewAsync(new PreviewDatasetParams(path, Rows: 5), Timeouts.Token());
                await using var source = await DatasetReader.OpenAsync(path, null, Timeouts.Token());
                await source.ReadAllAsync();
                accepted++;
            }
            catch (DatasetException e)
            {
                Assert.Contains(path, e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {n} ({Convert.ToHexString(bytes.AsSpan(0, Math.Min(64, bytes.Length)))}...) threw {e}");
            }
        }

        // Not all refused: damage that misses the structure of a text file leaves it readable, so the row-reading path ran too.
        if (extension is not (".xlsx" or ".xls"))
        {
            Assert.True(accepted > 0, $"every {extension} case was refused");
        }
    }

    private List<byte[]> Seeds(string extension)
    {
        if (extension is ".xlsx" or ".xls")
        {
            var path = _dir.File("seed.xlsx");
            XlsxWriter.Write(path, ["question", "n"], ["What is <b>x</b>?", 1.5], ["你好,世界!", DateTime.Today]);
            return [File.ReadAllBytes(path)];
        }

        var samples = Directory.GetFiles(Corpus.Directory)
            .Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal))
            .Where(f => Path.GetExtension(f) == extension || (extension == ".tsv" && f.EndsWith(".csv", StringComparison.Ordinal)))
            .Select(File.ReadAllBytes)
            .ToList();
        return samples.Count > 0 ? samples : [[.. "question\nhello\n"u8]];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 3000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Damage(byte[] seed, Random random)
    {
        var bytes = (byte[])seed.Clone();
        var flips = random.Next(1, 8);
        for (var i = 0; i < flips && bytes.Length > 0; i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return random.Next(4) == 0 && bytes.Length > 1 ? bytes[..random.Next(bytes.Length)] : bytes;
    }

    public void Dispose() => _dir.Dispose();
}
