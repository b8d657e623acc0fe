// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// Test audio that says where it is: PCM16 mono whose samples carry their own index, so an emulator can tell which
/// part of a recording a connection is hearing (a reconnecting client replays audio from the middle). Sample pair k
/// (samples 2k and 2k+1) holds k's low and high 15 bits; a connection's first frame must start on an even sample,
/// as every whole frame of a 16-bit mono stream does.
/// </summary>
public static class AudioPositionMarker
{
    /// <summary>Writes the samples from <paramref name="firstSample"/> on into <paramref name="pcm16"/> (little-endian).</summary>
    public static void Fill(Span<byte> pcm16, long firstSample)
    {
        for (int i = 0; i + 1 < pcm16.Length; i += 2)
        {
            long sample = firstSample + (i / 2);
            long pair = sample / 2;
            int value = (int)(sample % 2 == 0 ? pair & 0x7FFF : (pair >> 15) & 0x7FFF);
            pcm16[i] = (byte)value;
            pcm16[i + 1] = (byte)(value >> 8);
        }
    }

    /// <summary>The index of the first sample in <paramref name="pcm16"/>, or null when it is shorter than two samples.</summary>
    public static long? FirstSample(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.Length < 4)
        {
            return null;
        }

        long low = pcm16[0] | (pcm16[1] << 8);
        long high = pcm16[2] | (pcm16[3] << 8);
        return ((high << 15) | low) * 2;
    }
}
