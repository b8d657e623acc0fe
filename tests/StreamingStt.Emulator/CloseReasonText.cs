// Copyright (c) StreamingStt contributors. MIT License.

using System.Text;

namespace StreamingStt.Emulator;

/// <summary>Fits text into a WebSocket close reason, which RFC 6455 limits to 123 UTF-8 bytes.</summary>
internal static class CloseReasonText
{
    public const int MaxBytes = 123;

    /// <summary>Cuts <paramref name="text"/> at a character boundary so it fits; a long echoed message would otherwise make the close throw.</summary>
    public static string Fit(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) <= MaxBytes)
        {
            return text;
        }

        var builder = new StringBuilder();
        int bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxBytes)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
