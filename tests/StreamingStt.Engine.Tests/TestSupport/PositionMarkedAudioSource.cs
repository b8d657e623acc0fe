// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Engine.Audio;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>
/// Mono PCM16 audio of any length, generated on the fly, whose samples carry their own position
/// (<see cref="AudioPositionMarker"/>): the emulator then recognizes what a replay from the middle really contains.
/// </summary>
public sealed class PositionMarkedAudioSource : IAudioSource
{
    private readonly long _totalSamples;
    private long _position;

    public PositionMarkedAudioSource(TimeSpan duration, int sampleRate = 16000)
    {
        Format = new AudioFormat(sampleRate, 1, SampleEncoding.Pcm16);
        _totalSamples = (long)(duration.TotalSeconds * sampleRate);
        Duration = duration;
    }

    public string Name => "position-marked";

    public AudioFormat Format { get; }

    public TimeSpan? Duration { get; }

    public bool IsRealTime => false;

    public int Read(byte[] buffer, int offset, int count)
    {
        long samples = Math.Min(count / 2, _totalSamples - _position);
        if (samples <= 0) return 0;
        AudioPositionMarker.Fill(buffer.AsSpan(offset, (int)samples * 2), _position);
        _position += samples;
        return (int)samples * 2;
    }

    public void Dispose()
    {
    }
}
