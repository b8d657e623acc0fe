// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Threading;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// Turns a recorder that pushes audio from its own thread (NAudio's WasapiCapture and
    /// WaveInEvent raise DataAvailable) into the pull stream the shared capture layer reads.
    /// Pushed bytes go into a <see cref="CaptureRingBuffer"/>; Read takes them out.
    /// <para>
    /// A full ring first holds the recorder back (up to <see cref="BackPressureLimit"/>): a clocked
    /// device never fills it while the capture thread keeps up, but an unclocked one (Wine's ALSA
    /// file plugin) delivers faster than real time and must be slowed to the reader's pace, as the
    /// polled design slowed it by not polling. Past the limit the oldest audio is dropped and
    /// counted as an overrun, so a stalled reader never stalls the device thread for long.
    /// </para>
    /// </summary>
    internal sealed class PushedCaptureStream : IAudioCaptureStream
    {
        private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(100);

        /// <summary>How long a push may wait for room before the oldest audio is dropped.</summary>
        internal static readonly TimeSpan DefaultBackPressureLimit = TimeSpan.FromMilliseconds(200);

        private readonly object _gate = new object();
        private readonly string _deviceName;
        private readonly CaptureRingBuffer _ring;
        private readonly Action _start;
        private readonly Action _release;
        private readonly Func<Exception, SttException> _describeStartFailure;
        private readonly Func<Exception, SttException> _describeStreamFailure;
        private readonly TimeSpan _stallLimit;
        private readonly Func<TimeSpan, SttException>? _describeStall;
        private readonly Stopwatch _sinceAudio = new Stopwatch();
        private volatile bool _started;
        private volatile bool _disposed;
        private Exception? _recorderFailure;
        private volatile bool _recorderStopped;
        private int _overruns;

        /// <param name="deviceName">For messages.</param>
        /// <param name="format">The layout of the pushed bytes.</param>
        /// <param name="capacity">How much audio the ring holds between the recorder and the reader.</param>
        /// <param name="start">Starts the recorder (called once, by Start).</param>
        /// <param name="release">Stops and releases the recorder (called once, by Dispose; may throw, which is ignored).</param>
        /// <param name="describeStartFailure">The SttException for a recorder that would not start.</param>
        /// <param name="describeStreamFailure">The SttException for a recorder that stopped with an error (device lost).</param>
        /// <param name="stallLimit">No audio for this long after Start means the device went away silently (with <paramref name="describeStall"/>).</param>
        /// <param name="describeStall">The SttException for a stall; null: stalls are not checked.</param>
        public PushedCaptureStream(string deviceName, AudioFormat format, TimeSpan capacity, Action start, Action release,
            Func<Exception, SttException> describeStartFailure, Func<Exception, SttException> describeStreamFailure,
            TimeSpan stallLimit = default, Func<TimeSpan, SttException>? describeStall = null)
        {
            _deviceName = deviceName ?? throw new ArgumentNullException(nameof(deviceName));
            Format = format ?? throw new ArgumentNullException(nameof(format));
            _start = start ?? throw new ArgumentNullException(nameof(start));
            _release = release ?? throw new ArgumentNullException(nameof(release));
            _describeStartFailure = describeStartFailure ?? throw new ArgumentNullException(nameof(describeStartFailure));
            _describeStreamFailure = describeStreamFailure ?? throw new ArgumentNullException(nameof(describeStreamFailure));
            _stallLimit = stallLimit;
            _describeStall = describeStall;
            long bytes = (long)(capacity.TotalSeconds * format.SampleRate) * format.BlockAlign;
            _ring = new CaptureRingBuffer((int)Math.Min(int.MaxValue - 64, Math.Max(format.BlockAlign, bytes)), format.BlockAlign);
        }

        public AudioFormat Format { get; }

        /// <summary>Pushes that found the ring still full after <see cref="BackPressureLimit"/>: each dropped the oldest audio.</summary>
        public int Overruns => Volatile.Read(ref _overruns);

        /// <summary>How long a push may wait for room before the oldest audio is dropped.</summary>
        public TimeSpan BackPressureLimit { get; set; } = DefaultBackPressureLimit;

        /// <summary>Bytes dropped because the reader fell behind.</summary>
        public long DroppedBytes => _ring.DroppedBytes;

        public void Start()
        {
            lock (_gate)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(PushedCaptureStream));
                if (_started) return;
                // Started before the recorder starts: its first push may come before _start returns.
                _started = true;
                _sinceAudio.Restart();
                try
                {
                    _start();
                }
                catch (Exception ex) when (!(ex is SttException))
                {
                    _started = false;
                    throw _describeStartFailure(ex);
                }
                catch
                {
                    _started = false;
                    throw;
                }
            }
        }

        /// <summary>
        /// Called on the recorder's thread with each captured block. Audio before Start and after
        /// Dispose is not kept. Waits for room up to <see cref="BackPressureLimit"/>, then drops the oldest.
        /// </summary>
        public void Deliver(byte[] data, int offset, int count)
        {
            if (!_started || _disposed || data is null || count <= 0) return;
            count -= count % Format.BlockAlign;
            if (count <= 0) return;
            _ring.WaitForRoom(count, BackPressureLimit);
            if (_ring.Write(data, offset, count) > 0) Interlocked.Increment(ref _overruns);
        }

        /// <summary>Called once the recorder's thread has ended; <paramref name="error"/> is why, or null after a requested stop.</summary>
        public void Stopped(Exception? error)
        {
            if (error is not null) Volatile.Write(ref _recorderFailure, error);
            _recorderStopped = true;
            // What was captured before the failure is still read; then Read reports it.
            _ring.Complete();
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (buffer is null) throw new ArgumentNullException(nameof(buffer));
            if (offset < 0 || count < 0 || offset > buffer.Length - count) throw new ArgumentOutOfRangeException(nameof(count));
            count -= count % Format.BlockAlign;
            if (count <= 0) throw new ArgumentException("The buffer must hold at least one sample block.", nameof(count));
            if (_disposed) throw new ObjectDisposedException(nameof(PushedCaptureStream));
            if (!_started) throw new InvalidOperationException("Start the capture stream before reading from it.");

            int read = _ring.Read(buffer, offset, count, ReadWait);
            if (_disposed) throw new ObjectDisposedException(nameof(PushedCaptureStream));
            if (read > 0)
            {
                _sinceAudio.Restart();
                return read;
            }
            if (_recorderStopped && _ring.IsFinished)
            {
                Exception? failure = Volatile.Read(ref _recorderFailure);
                throw failure is not null
                    ? _describeStreamFailure(failure)
                    : new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"'{_deviceName}' stopped delivering audio: Windows ended the recording without an error (the device was probably unplugged or disabled).",
                        _deviceName);
            }
            if (_describeStall is not null && _stallLimit > TimeSpan.Zero && _sinceAudio.Elapsed >= _stallLimit)
            {
                throw _describeStall(_stallLimit);
            }
            return 0;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            // Completing first frees a recorder thread waiting for room, so the release can join it.
            _ring.Complete();
            try
            {
                _release();
            }
            catch (Exception)
            {
                // Dispose never throws: a vanished device cannot be stopped and need not be.
            }
        }
    }
}
