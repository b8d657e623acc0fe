// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>Writes small 16-bit PCM WAV files for session tests (the emulators transcribe by audio time, not content).</summary>
public static class TestWav
{
    public static string WriteTone(TimeSpan duration, int sampleRate = 16000, int channels = 1, double frequency = 440)
    {
        string path = Path.Combine(Path.GetTempPath(), "stt-test-" + Guid.NewGuid().ToString("N") + ".wav");
        int frames = (int)(duration.TotalSeconds * sampleRate);
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        int dataBytes = frames * channels * 2;
        writer.Write("RIFF"u8.ToArray());
        writer.Write(36 + dataBytes);
        writer.Write("WAVE"u8.ToArray());
        writer.Write("fmt "u8.ToArray());
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)channels);
        writer.Write(sampleRate);
        writer.Write(sampleRate * channels * 2);
        writer.Write((short)(channels * 2));
        writer.Write((short)16);
        writer.Write("data"u8.ToArray());
        writer.Write(dataBytes);
        for (int i = 0; i < frames; i++)
        {
            short sample = (short)(Math.Sin(2 * Math.PI * frequency * i / sampleRate) * 8000);
            for (int c = 0; c < channels; c++) writer.Write(sample);
        }
        return path;
    }
}
