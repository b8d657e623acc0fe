// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// A WinMM waveIn device opened with CALLBACK_NULL: a ring of prepared buffers the driver fills
    /// in order; Read polls WHDR_DONE on the oldest one, copies it and queues it again. The headers
    /// and buffers live in unmanaged memory because the driver writes to them asynchronously.
    /// </summary>
    internal sealed class WaveInCaptureStream : IAudioCaptureStream
    {
        private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(5);
        private const int PollMilliseconds = 10;

        private readonly object _gate = new object();
        private readonly string _deviceName;
        private readonly PendingAudio _pending;
        private readonly IntPtr[] _headers;
        private readonly IntPtr[] _buffers;
        private readonly int _bufferBytes;
        private readonly Stopwatch _sinceAudio = new Stopwatch();
        private IntPtr _waveIn;
        private int _next;
        private bool _started;
        private bool _disposed;
        private int _overruns;

        private WaveInCaptureStream(IntPtr waveIn, string deviceName, AudioFormat format, int bufferCount, int bufferBytes)
        {
            _waveIn = waveIn;
            _deviceName = deviceName;
            Format = format;
            _pending = new PendingAudio(format.BlockAlign);
            _headers = new IntPtr[bufferCount];
            _buffers = new IntPtr[bufferCount];
            _bufferBytes = bufferBytes;
        }

        public AudioFormat Format { get; }

        /// <summary>Times every buffer was full when we looked: the driver had nowhere to put audio, so some was lost.</summary>
        public int Overruns => Volatile.Read(ref _overruns);

        /// <summary>Takes ownership of <paramref name="waveIn"/>: queues the buffers (not started yet); closes the device on failure.</summary>
        public static WaveInCaptureStream Create(IntPtr waveIn, string deviceName, AudioFormat format, TimeSpan latency)
        {
            // ~50 ms buffers, enough of them to hold twice the requested latency (at least 4).
            int bufferBytes = Math.Max(format.BlockAlign, format.BytesPerSecond / 20 / format.BlockAlign * format.BlockAlign);
            int bufferCount = (int)Math.Min(20, Math.Max(4, Math.Ceiling(latency.TotalMilliseconds * 2 / 50)));
            var stream = new WaveInCaptureStream(waveIn, deviceName, format, bufferCount, bufferBytes);
            try
            {
                for (int i = 0; i < bufferCount; i++)
                {
                    stream._buffers[i] = Marshal.AllocHGlobal(bufferBytes);
                    IntPtr header = Marshal.AllocHGlobal(WaveHeader.Size);
                    stream._headers[i] = header;
                    for (int b = 0; b < WaveHeader.Size; b++) Marshal.WriteByte(header, b, 0);
                    Marshal.WriteIntPtr(header, WaveHeader.DataOffset, stream._buffers[i]);
                    Marshal.WriteInt32(header, WaveHeader.BufferLengthOffset, bufferBytes);
                    int result = WaveInNative.waveInPrepareHeader(waveIn, header, (uint)WaveHeader.Size);
                    if (result != 0) throw Failure(deviceName, "prepare its buffers", result);
                    result = WaveInNative.waveInAddBuffer(waveIn, header, (uint)WaveHeader.Size);
                    if (result != 0) throw Failure(deviceName, "queue its buffers", result);
                }
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        public void Start()
        {
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(WaveInCaptureStream));
                if (_started) return;
                int result = WaveInNative.waveInStart(_waveIn);
                if (result != 0) throw Failure(_deviceName, "start recording", result);
                _started = true;
                _sinceAudio.Restart();
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (buffer is null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            int blockAlign = Format.BlockAlign;
            count -= count % blockAlign;
            if (count <= 0) throw new ArgumentException("The buffer must hold at least one sample block.", nameof(count));
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(WaveInCaptureStream));
                if (!_started) throw new InvalidOperationException("Start the capture stream before reading from it.");

                int copied = _pending.Take(buffer, offset, count);
                Stopwatch? waited = null;
                while (copied < count)
                {
                    IntPtr header = _headers[_next];
                    uint flags = (uint)Marshal.ReadInt32(header, WaveHeader.FlagsOffset);
                    if ((flags & WaveInNative.WHDR_DONE) == 0)
                    {
                        if (copied > 0) break;
                        if (_sinceAudio.Elapsed >= StallLimit)
                        {
                            // A started waveIn device returns a buffer every ~50 ms, silence included:
                            // none for seconds means the device went away without an error code.
                            throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                                $"'{_deviceName}' stopped delivering audio: it was unplugged or disabled (WinMM returned no audio for {StallLimit.TotalSeconds:0} s).",
                                _deviceName);
                        }
                        waited ??= Stopwatch.StartNew();
                        if (waited.Elapsed >= ReadWait) break;
                        Thread.Sleep(PollMilliseconds);
                        continue;
                    }
                    if (AllDone()) Interlocked.Increment(ref _overruns);
                    copied += TakeBuffer(header, _buffers[_next], flags, buffer, offset + copied, count - copied);
                    _next = (_next + 1) % _headers.Length;
                }
                return copied;
            }
        }

        private bool AllDone()
        {
            foreach (IntPtr header in _headers)
            {
                if ((Marshal.ReadInt32(header, WaveHeader.FlagsOffset) & (int)WaveInNative.WHDR_DONE) == 0) return false;
            }
            return true;
        }

        /// <summary>Copies a finished buffer (what fits to the caller, the rest to <see cref="_pending"/>) and queues it again.</summary>
        private int TakeBuffer(IntPtr header, IntPtr data, uint flags, byte[] buffer, int offset, int space)
        {
            int recorded = Math.Min(Math.Max(0, Marshal.ReadInt32(header, WaveHeader.BytesRecordedOffset)), _bufferBytes);
            recorded -= recorded % Format.BlockAlign;
            int direct = Math.Min(recorded, space);
            if (direct > 0) Marshal.Copy(data, buffer, offset, direct);
            if (recorded > direct) _pending.Keep(IntPtr.Add(data, direct), recorded - direct);
            if (recorded > 0) _sinceAudio.Restart();

            // Clear DONE ourselves so a stale flag can never be mistaken for a new buffer.
            Marshal.WriteInt32(header, WaveHeader.FlagsOffset, (int)(flags & ~WaveInNative.WHDR_DONE));
            Marshal.WriteInt32(header, WaveHeader.BytesRecordedOffset, 0);
            int result = WaveInNative.waveInAddBuffer(_waveIn, header, (uint)WaveHeader.Size);
            if (result != 0)
            {
                string message = WindowsAudioFormats.MmResultMeansDeviceGone(result) || result == WindowsAudioFormats.MMSYSERR_INVALHANDLE
                    ? $"'{_deviceName}' stopped delivering audio: it was unplugged or disabled ({WaveInNative.Code(result)})."
                    : $"'{_deviceName}' stopped delivering audio: {WindowsAudioFormats.DescribeMmResult(result)} (could not queue a buffer again; {WaveInNative.Code(result)}).";
                throw new SttException(SttErrorKind.AudioDeviceUnavailable, message, _deviceName);
            }
            return direct;
        }

        private static SttException Failure(string deviceName, string step, int result) =>
            new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"Cannot record from '{deviceName}': {WindowsAudioFormats.DescribeMmResult(result)} (could not {step}; {WaveInNative.Code(result)}).",
                deviceName);

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                _pending.Clear();
                bool closed = true;
                try
                {
                    if (_waveIn != IntPtr.Zero)
                    {
                        // Reset stops recording and marks every queued buffer done, so each can be unprepared.
                        WaveInNative.waveInReset(_waveIn);
                        foreach (IntPtr header in _headers)
                        {
                            if (header != IntPtr.Zero) WaveInNative.waveInUnprepareHeader(_waveIn, header, (uint)WaveHeader.Size);
                        }
                        closed = WaveInNative.waveInClose(_waveIn) == 0;
                        _waveIn = IntPtr.Zero;
                    }
                }
                catch (Exception)
                {
                    closed = false;
                }
                // If the device would not close, the driver may still write into the buffers:
                // leaking a few kilobytes is better than letting it write into freed memory.
                if (!closed) return;
                for (int i = 0; i < _headers.Length; i++)
                {
                    if (_headers[i] != IntPtr.Zero) Marshal.FreeHGlobal(_headers[i]);
                    if (_buffers[i] != IntPtr.Zero) Marshal.FreeHGlobal(_buffers[i]);
                    _headers[i] = IntPtr.Zero;
                    _buffers[i] = IntPtr.Zero;
                }
            }
        }
    }
}
