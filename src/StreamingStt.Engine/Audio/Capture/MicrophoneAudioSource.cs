// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// Live capture from a device. A dedicated thread reads the platform stream into a bounded
    /// buffer, so a stalled network never stalls the device: when the buffer is full the oldest
    /// audio is dropped, counted and reported. The session reads from the buffer.
    /// </summary>
    public sealed class MicrophoneAudioSource : ILiveAudioSource
    {
        // Unclocked virtual devices (ALSA null/file plugins) hand out audio as fast as it is read;
        // the providers reject audio faster than real time, so capture never runs further ahead.
        private static readonly TimeSpan MaxLead = TimeSpan.FromMilliseconds(50);
        private static readonly long DropWarningIntervalTicks = 10 * Stopwatch.Frequency;

        private readonly IAudioCaptureStream _stream;
        private readonly CaptureRingBuffer _buffer;
        private readonly SilenceDetector _silence;
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _stopRequested = new ManualResetEventSlim(false);
        private readonly ManualResetEventSlim _deviceStarted = new ManualResetEventSlim(false);
        private volatile bool _deviceStartedOk;
        private readonly TimeSpan _silenceWindow;
        private SttException? _failure;
        private long _lastDropWarning;
        private long _droppedAtLastWarning;
        private int _overrunsReported;
        private int _started;
        private int _disposed;
        private int _abandoned;
        private int _streamReleased;

        internal MicrophoneAudioSource(IAudioCaptureStream stream, AudioDevice device, MicrophoneOptions options)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            Device = device ?? throw new ArgumentNullException(nameof(device));
            if (options is null) throw new ArgumentNullException(nameof(options));
            Format = stream.Format;
            BufferDuration = options.BufferDuration;
            long capacity = (long)(options.BufferDuration.TotalSeconds * Format.SampleRate) * Format.BlockAlign;
            _buffer = new CaptureRingBuffer((int)Math.Min(int.MaxValue - 64, Math.Max(Format.BlockAlign, capacity)), Format.BlockAlign);
            _silenceWindow = options.SilenceWarningAfter;
            _silence = new SilenceDetector(Format, options.SilenceWarningAfter);
            _thread = new Thread(CaptureLoop)
            {
                IsBackground = true,
                Name = "StreamingStt capture: " + device.Name,
            };
        }

        /// <summary>The device being captured.</summary>
        public AudioDevice Device { get; }

        public string Name => Device.Name;

        /// <summary>What the device delivers (e.g. 48000 Hz, 2 ch, Float32); the session converts it.</summary>
        public AudioFormat Format { get; }

        public TimeSpan? Duration => null;

        public bool IsRealTime => true;

        /// <summary>How much captured audio the buffer holds before dropping the oldest.</summary>
        public TimeSpan BufferDuration { get; }

        public TimeSpan DroppedAudio => AudioTime.FromSamples(_buffer.DroppedBytes / Format.BlockAlign, Format.SampleRate);

        /// <summary>Audio captured from the device so far, dropped or not.</summary>
        public TimeSpan CapturedAudio => AudioTime.FromSamples(_buffer.WrittenBytes / Format.BlockAlign, Format.SampleRate);

        /// <summary>Device overruns so far (each loses a few milliseconds).</summary>
        public int Overruns => _stream.Overruns;

        public event EventHandler<AudioSourceNoticeEventArgs>? Notice;

        /// <summary>
        /// Starts the capture thread; audio is buffered from now on. Idempotent. Waits (up to 5 s)
        /// for the device to start, so a device that refuses (busy, no permission) fails here,
        /// before any connection is made: SttException AudioDeviceUnavailable.
        /// </summary>
        public void Start()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(MicrophoneAudioSource));
            if (Interlocked.Exchange(ref _started, 1) != 0) return;
            _thread.Start();
            _deviceStarted.Wait(TimeSpan.FromSeconds(5));
            SttException? failure = Volatile.Read(ref _failure);
            if (failure is not null && !_deviceStartedOk) throw failure;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            if (Volatile.Read(ref _started) == 0) Start();
            while (true)
            {
                int read = _buffer.Read(buffer, offset, count, TimeSpan.FromMilliseconds(100));
                if (read > 0) return read;
                if (_buffer.IsFinished)
                {
                    SttException? failure = Volatile.Read(ref _failure);
                    if (failure is not null) throw failure;
                    return 0;
                }
            }
        }

        public Task WaitForAudioAsync(int bytes, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _started) == 0) Start();
            return _buffer.WaitForAsync(bytes, cancellationToken);
        }

        public void StopCapture()
        {
            try
            {
                _stopRequested.Set();
            }
            catch (ObjectDisposedException)
            {
            }
            if (Volatile.Read(ref _started) == 0) _buffer.Complete();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            StopCapture();
            bool stopped = Volatile.Read(ref _started) == 0 || _thread.Join(TimeSpan.FromSeconds(2));
            _buffer.Complete();
            if (stopped)
            {
                ReleaseStream();
                return;
            }
            // A driver stuck in a call cannot be interrupted: the capture thread releases the device when it returns.
            Volatile.Write(ref _abandoned, 1);
            if (!_thread.IsAlive) ReleaseStream();
        }

        private void ReleaseStream()
        {
            if (Interlocked.Exchange(ref _streamReleased, 1) == 0) _stream.Dispose();
        }

        public override string ToString() => $"{Name} ({Format})";

        private void CaptureLoop()
        {
            var chunk = new byte[Math.Max(Format.BlockAlign, Format.BytesPerSecond / 50 / Format.BlockAlign * Format.BlockAlign)]; // 20 ms
            double bytesPerSecond = Format.BytesPerSecond;
            long captured = 0;
            var clock = Stopwatch.StartNew();
            try
            {
                _stream.Start();
                _deviceStartedOk = true;
                _deviceStarted.Set();
                while (!_stopRequested.IsSet)
                {
                    int read = _stream.Read(chunk, 0, chunk.Length);
                    if (read <= 0) continue;
                    if (_silence.Watching)
                    {
                        _silence.Observe(chunk, 0, read);
                        if (_silence.IsSilent) ReportSilence();
                    }
                    if (_buffer.Write(chunk, 0, read) > 0) ReportDrops();
                    ReportOverruns();

                    captured += read;
                    TimeSpan lead = TimeSpan.FromSeconds(captured / bytesPerSecond) - clock.Elapsed;
                    if (lead > MaxLead) _stopRequested.Wait(lead - MaxLead);
                }
            }
            catch (SttException ex)
            {
                Volatile.Write(ref _failure, ex);
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _failure, new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Capture from '{Name}' failed: {ex.Message}", Name, ex));
            }
            finally
            {
                // After the failure is recorded: Start() wakes on this and must see why the device did not start.
                _deviceStarted.Set();
                _buffer.Complete();
                if (Volatile.Read(ref _abandoned) != 0) ReleaseStream();
            }
        }

        private void ReportSilence() =>
            Raise(string.Format(CultureInfo.InvariantCulture,
                "'{0}' delivered only silence for the first {1:0.#} s. If someone is speaking, this is probably the wrong device or it is muted: list devices with {2} and choose one with {3}. On macOS, allow your terminal under System Settings > Privacy & Security > Microphone.",
                Name, _silenceWindow.TotalSeconds, EngineOptionNames.ListCaptureDevices, EngineOptionNames.CaptureDevice), isWarning: true);

        private void ReportDrops()
        {
            long now = Stopwatch.GetTimestamp();
            if (_lastDropWarning != 0 && now - _lastDropWarning < DropWarningIntervalTicks) return;
            _lastDropWarning = now;
            TimeSpan total = DroppedAudio;
            long totalTicks = total.Ticks;
            TimeSpan sinceLast = TimeSpan.FromTicks(totalTicks - _droppedAtLastWarning);
            _droppedAtLastWarning = totalTicks;
            Raise(string.Format(CultureInfo.InvariantCulture,
                "Audio from '{0}' cannot be sent as fast as it is captured (the network is stalled): dropped the oldest {1:0.0} s ({2:0.0} s in all) to keep the newest {3:0.#} s.",
                Name, sinceLast.TotalSeconds, total.TotalSeconds, BufferDuration.TotalSeconds), isWarning: true);
        }

        private void ReportOverruns()
        {
            int overruns = _stream.Overruns;
            if (overruns <= _overrunsReported) return;
            int fresh = overruns - _overrunsReported;
            _overrunsReported = overruns;
            Raise(string.Format(CultureInfo.InvariantCulture,
                "'{0}' overran {1} time(s) ({2} in all): the system did not read the device in time and a few milliseconds of audio were lost.",
                Name, fresh, overruns), isWarning: false);
        }

        private void Raise(string message, bool isWarning)
        {
            try
            {
                Notice?.Invoke(this, new AudioSourceNoticeEventArgs(message, isWarning));
            }
            catch (Exception)
            {
                // A listener's failure must not end the capture.
            }
        }
    }
}
