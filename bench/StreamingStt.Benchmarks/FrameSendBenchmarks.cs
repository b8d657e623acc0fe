// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using StreamingStt.Engine.Audio;

namespace StreamingStt.Benchmarks;

/// <summary>
/// The send path per 50 ms frame: the reader cuts the next frame from the source and the client
/// WebSocket (the same managed implementation ClientWebSocket uses) masks and writes it. The
/// socket writes to a stream that discards, so what is measured is ours plus the framing.
/// </summary>
[MemoryDiagnoser]
public class FrameSendBenchmarks
{
    private AudioFrameReader _reader = null!;
    private WebSocket _socket = null!;
    private byte[] _frame = Array.Empty<byte>();

    /// <summary>The source format: already the wire format (16 kHz mono s16), or a 48 kHz stereo file.</summary>
    [Params("16k-mono-s16", "48k-stereo-s16")]
    public string Source { get; set; } = "16k-mono-s16";

    [Params(OutputEncoding.PcmS16le, OutputEncoding.PcmMulaw)]
    public OutputEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        AudioFormat format = Source == "16k-mono-s16"
            ? new AudioFormat(16000, 1, SampleEncoding.Pcm16)
            : new AudioFormat(48000, 2, SampleEncoding.Pcm16);
        byte[] oneSecond = AudioBenchmarks.Pcm16(AudioBenchmarks.Sine(format.SampleRate * format.Channels, format.SampleRate));
        _reader = new AudioFrameReader(new LoopingAudioSource(format, oneSecond), 16000, Encoding, 50);
        _frame = new byte[_reader.FrameBytes];
        _socket = WebSocket.CreateFromStream(new DiscardingStream(), isServer: false, subProtocol: null, keepAliveInterval: TimeSpan.Zero);
    }

    [GlobalCleanup]
    public void Cleanup() => _socket.Dispose();

    [Benchmark]
    public void ReadFrame() => _reader.ReadFrame(_frame);

    [Benchmark]
    public Task ReadAndSendFrame()
    {
        int count = _reader.ReadFrame(_frame);
        return _socket.SendAsync(new ArraySegment<byte>(_frame, 0, count), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
    }
}

/// <summary>An endless source: the same buffer over and over, in whole blocks.</summary>
internal sealed class LoopingAudioSource : IAudioSource
{
    private readonly byte[] _data;
    private int _position;

    public LoopingAudioSource(AudioFormat format, byte[] data)
    {
        Format = format;
        _data = data;
    }

    public string Name => "looping";
    public AudioFormat Format { get; }
    public TimeSpan? Duration => null;
    public bool IsRealTime => false;

    public int Read(byte[] buffer, int offset, int count)
    {
        count -= count % Format.BlockAlign;
        int copied = Math.Min(count, _data.Length - _position);
        Buffer.BlockCopy(_data, _position, buffer, offset, copied);
        _position = (_position + copied) % _data.Length;
        return copied;
    }

    public void Dispose()
    {
    }
}

/// <summary>A writable stream that drops what it is given (reads never complete anything: nothing is read).</summary>
internal sealed class DiscardingStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => 0;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) { }
    public override void Write(ReadOnlySpan<byte> buffer) { }
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;
}
