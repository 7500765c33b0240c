using System.Buffers;

namespace BatchAi.Daemon.Ingest;

/// <summary>
/// Reads a raw control character inside a JSON string as the character it is, by writing it as its <c>\u00XX</c> escape.
/// JSON forbids them raw and System.Text.Json refuses the whole item, but a tool that wrote a NUL or a tab into a string
/// unescaped meant that character; the cleaner's <c>control</c> rule then removes it and counts it, as for CSV. Outside a
/// string a control character (other than the whitespace JSON allows) is left as it is, and stays the syntax error it is.
/// </summary>
/// <remarks>Works on UTF-8 bytes: a control byte, a quote or a backslash is never part of a multi-byte sequence.</remarks>
internal sealed class JsonControlEscaper
{
    private static readonly SearchValues<byte> Special = SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private bool _inString;
    private bool _escaped;

    /// <summary>Whether a line holds a control character at all; when not (nearly always), there is nothing to escape.</summary>
    public static bool MayChange(ReadOnlySpan<char> text) => text.IndexOfAnyInRange('\0', '\u001F') >= 0;

    /// <summary>Writes <paramref name="input"/>, the next bytes of the JSON text, with the raw control characters in its strings escaped.</summary>
    public void Write(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        while (!input.IsEmpty)
        {
            if (_escaped)
            {
                // Whatever follows a backslash is the escape's; the parser judges it.
                _escaped = false;
                output.Write(input[..1]);
                input = input[1..];
                continue;
            }

            var at = input.IndexOfAny(Special);
            if (at < 0)
            {
                output.Write(input);
                return;
            }

            output.Write(input[..at]);
            var b = input[at];
            input = input[(at + 1)..];
            if (_inString && b < 0x20)
            {
                output.Write([(byte)'\\', (byte)'u', (byte)'0', (byte)'0', Hex(b >> 4), Hex(b & 0xF)]);
                continue;
            }

            _inString = b == '"' ? !_inString : _inString;
            _escaped = _inString && b == '\\';
            output.Write([b]);
        }
    }

    private static byte Hex(int digit) => (byte)(digit < 10 ? '0' + digit : 'A' + digit - 10);
}
