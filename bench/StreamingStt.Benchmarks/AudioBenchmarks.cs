// Copyright (c) StreamingStt contributors. MIT License.
using BenchmarkDotNet.Attributes;
using StreamingStt.Engine.Audio;

namespace StreamingStt.Benchmarks;

/// <summary>
/// The audio path, per 50 ms frame (the frame length the module sends): decode, resample, µ-law
/// encode, and the whole reader (the steady state a session runs).
/// </summary>
[MemoryDiagnoser]
public class AudioBenchmarks
{
    private const int FrameMilliseconds = 50;

    private byte[] _wave = Array.Empty<byte>();
    private byte[] _pcm16Frame = Array.Empty<byte>();
    private float[] _monoFrame = Array.Empty<float>();
    private float[] _mono48Frame = Array.Empty<float>();
    private float[] _resampled = Array.Empty<float>();
    private byte[] _encoded = Array.Empty<byte>();
    private PolyphaseResampler _resampler = null!;
    private readonly AudioFormat _mono16 = new AudioFormat(16000, 1, SampleEncoding.Pcm16);

    [GlobalSetup]
    public void Setup()
    {
        _pcm16Frame = Pcm16(Sine(16000 * FrameMilliseconds / 1000, 16000));
        _monoFrame = new float[16000 * FrameMilliseconds / 1000];
        _mono48Frame = Sine(48000 * FrameMilliseconds / 1000, 48000);
        _resampler = new PolyphaseResampler(48000, 16000);
        _resampled = new float[_resampler.MaxOutputCount(_mono48Frame.Length)];
        _encoded = new byte[_monoFrame.Length * 2];
        _wave = WaveFile(Pcm16(Sine(16000 * 10, 16000)), 16000, 1);
        SampleDecoder.DecodeToMono(_pcm16Frame, 0, _monoFrame.Length, _mono16, _monoFrame, 0);
    }

    /// <summary>Parses a 10 s 16 kHz mono WAV header and decodes one 50 ms frame of it.</summary>
    [Benchmark]
    public int WavOpenAndDecodeFrame()
    {
        using var stream = new MemoryStream(_wave, writable: false);
        WaveFileLayout layout = WaveFileParser.Parse(stream, "bench.wav");
        SampleDecoder.DecodeToMono(_wave, (int)layout.DataOffset, _monoFrame.Length, layout.Format, _monoFrame, 0);
        return _monoFrame.Length;
    }

    /// <summary>Decodes one 50 ms frame of 16 kHz mono s16 to float (the step the pass-through skips).</summary>
    [Benchmark]
    public void DecodePcm16Frame() => SampleDecoder.DecodeToMono(_pcm16Frame, 0, _monoFrame.Length, _mono16, _monoFrame, 0);

    /// <summary>Resamples one 50 ms frame from 48 kHz to 16 kHz.</summary>
    [Benchmark]
    public int Resample48To16Frame() => _resampler.Process(_mono48Frame, 0, _mono48Frame.Length, _resampled, 0);

    /// <summary>Encodes one 50 ms frame of float samples to µ-law.</summary>
    [Benchmark]
    public int EncodeMuLawFrame() => OutputSampleEncoder.Encode(_monoFrame, 0, _monoFrame.Length, OutputEncoding.PcmMulaw, _encoded, 0);

    /// <summary>Encodes one 50 ms frame of float samples to s16.</summary>
    [Benchmark]
    public int EncodePcm16Frame() => OutputSampleEncoder.Encode(_monoFrame, 0, _monoFrame.Length, OutputEncoding.PcmS16le, _encoded, 0);

    internal static float[] Sine(int count, int rate)
    {
        var samples = new float[count];
        for (int i = 0; i < count; i++) samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / rate));
        return samples;
    }

    internal static byte[] Pcm16(float[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            short value = (short)(samples[i] * 32767);
            bytes[2 * i] = (byte)value;
            bytes[2 * i + 1] = (byte)(value >> 8);
        }
        return bytes;
    }

    internal static byte[] WaveFile(byte[] data, int rate, int channels)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.ASCII, leaveOpen: true))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + data.Length);
            writer.Write("WAVE"u8);
            writer.Write("fmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)channels);
            writer.Write(rate);
            writer.Write(rate * channels * 2);
            writer.Write((short)(channels * 2));
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(data.Length);
            writer.Write(data);
        }
        return stream.ToArray();
    }
}
