using Microsoft.Win32.SafeHandles;

namespace BatchAi.Simulator.Batches;

/// <summary>
/// A validated batch's lines, by where they are in the input file rather than their text (50,000 lines of a 200 MB file stay
/// on disk), and the order they are answered in: shuffled by seed, batch and custom_id, because OpenAI's output is not in input order.
/// </summary>
/// <param name="Order">Input line numbers (0-based, blank lines skipped) in answering order.</param>
/// <param name="Expiring">How many lines at the end of <paramref name="Order"/> the window closes on, unanswered.</param>
internal sealed class BatchPlan(SafeFileHandle input, long[] offsets, int[] lengths, int[] order, int expiring, string model, long promptTokens) : IDisposable
{
    public SafeFileHandle Input { get; } = input;

    public int Total => Order.Length;

    public int[] Order { get; } = order;

    public int Expiring { get; } = expiring;

    /// <summary>Lines answered (well or with an error) before the window closes.</summary>
    public int Answering => Total - Expiring;

    public string Model { get; } = model;

    /// <summary>Prompt tokens of every line, counted only when an enqueued-token quota is set (zero otherwise).</summary>
    public long PromptTokens { get; } = promptTokens;

    /// <summary>The bytes of the line answered <paramref name="k"/>-th.</summary>
    public byte[] ReadLine(int k)
    {
        var line = Order[k];
        var bytes = new byte[lengths[line]];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(Input, bytes.AsSpan(read), offsets[line] + read);
            if (n == 0)
            {
                throw new EndOfStreamException("The batch input file is shorter than when it was validated.");
            }
            read += n;
        }
        return bytes;
    }

    public void Dispose() => Input.Dispose();
}
