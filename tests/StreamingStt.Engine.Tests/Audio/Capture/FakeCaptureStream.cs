// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Audio.Capture;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.Audio.Capture;

/// <summary>
/// A capture stream without a device: returns <see cref="Content"/> then silence, as fast as it is
/// read (like ALSA's unclocked file plugin), optionally failing after a number of bytes.
/// </summary>
internal sealed class FakeCaptureStream : IAudioCaptureStream
{
    private int _position;
    private long _delivered;

    public FakeCaptureStream(AudioFormat format, byte[]? content = null)
    {
        Format = format;
        Content = content ?? Array.Empty<byte>();
    }

    public AudioFormat Format { get; }
    public byte[] Content { get; }
    public long FailAfterBytes { get; set; } = long.MaxValue;
    public int Overruns { get; set; }
    public bool Started { get; private set; }
    public int DisposeCount;
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Start throws like a device that is busy or refused (no microphone permission).</summary>
    public bool FailStart { get; set; }

    public void Start()
    {
        if (FailStart) throw new SttException(SttErrorKind.AudioDeviceUnavailable, "'Fake Mic' refused to start: access denied.", "Fake Mic");
        Started = true;
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        count -= count % Format.BlockAlign;
        if (Interlocked.Read(ref _delivered) >= FailAfterBytes)
        {
            throw new SttException(SttErrorKind.AudioDeviceUnavailable, "'Fake Mic' stopped delivering audio: it was unplugged.", "Fake Mic");
        }
        int fromContent = Math.Min(count, Content.Length - _position);
        if (fromContent > 0)
        {
            Buffer.BlockCopy(Content, _position, buffer, offset, fromContent);
            _position += fromContent;
        }
        Array.Clear(buffer, offset + Math.Max(0, fromContent), count - Math.Max(0, fromContent));
        Interlocked.Add(ref _delivered, count);
        return count;
    }

    public void Dispose() => Interlocked.Increment(ref DisposeCount);
}
