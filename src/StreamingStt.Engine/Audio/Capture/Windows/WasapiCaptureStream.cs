// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// One WASAPI shared-mode capture stream, polled: Read asks for the next packet every ~10 ms
    /// (no event handle, so no extra thread or wait handle to manage). The COM objects were created
    /// in the MTA (<see cref="MtaWorker"/>) and are called from the shared layer's capture thread,
    /// which is in the MTA too (a plain background Thread); Dispose from an STA thread hops to the MTA.
    /// </summary>
    internal sealed class WasapiCaptureStream : IAudioCaptureStream
    {
        private static readonly TimeSpan ReadWait = TimeSpan.FromMilliseconds(100);
        private const int PollMilliseconds = 10;

        private readonly object _gate = new object();
        private readonly string _deviceName;
        private readonly PendingAudio _pending;
        private IAudioClient? _client;
        private IAudioCaptureClient? _capture;
        private bool _started;
        private bool _firstPacket;
        private bool _disposed;
        private int _overruns;

        public WasapiCaptureStream(string deviceName, AudioFormat format, IAudioClient client, IAudioCaptureClient capture)
        {
            _deviceName = deviceName;
            Format = format;
            _client = client;
            _capture = capture;
            _pending = new PendingAudio(format.BlockAlign);
        }

        public AudioFormat Format { get; }

        public int Overruns => Volatile.Read(ref _overruns);

        public void Start()
        {
            lock (_gate)
            {
                IAudioClient client = _client ?? throw new ObjectDisposedException(nameof(WasapiCaptureStream));
                if (_started) return;
                int hr = client.Start();
                if (hr < 0 && hr != WindowsAudioFormats.AUDCLNT_E_NOT_STOPPED)
                {
                    throw WindowsAudioFormats.StreamFailure(_deviceName, "start capturing", hr);
                }
                _started = true;
                _firstPacket = true;
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
                IAudioCaptureClient capture = _capture ?? throw new ObjectDisposedException(nameof(WasapiCaptureStream));
                if (!_started) throw new InvalidOperationException("Start the capture stream before reading from it.");

                int copied = _pending.Take(buffer, offset, count);
                Stopwatch? waited = null;
                while (copied < count)
                {
                    int hr = capture.GetNextPacketSize(out uint frames);
                    if (hr < 0) throw WindowsAudioFormats.StreamFailure(_deviceName, "ask for captured audio", hr);
                    int taken = frames == 0 ? 0 : TakePacket(capture, buffer, offset + copied, count - copied);
                    if (taken == 0)
                    {
                        // Return what we have rather than wait for a full buffer: the caller paces itself.
                        if (copied > 0) break;
                        waited ??= Stopwatch.StartNew();
                        if (waited.Elapsed >= ReadWait) break;
                        Thread.Sleep(PollMilliseconds);
                        continue;
                    }
                    copied += taken;
                }
                return copied;
            }
        }

        /// <summary>Copies one packet: what fits into the caller's buffer, the rest into <see cref="_pending"/>; the packet goes back at once.</summary>
        private int TakePacket(IAudioCaptureClient capture, byte[] buffer, int offset, int space)
        {
            int hr = capture.GetBuffer(out IntPtr data, out uint frames, out uint flags, out _, out _);
            if (hr == WindowsAudioFormats.AUDCLNT_S_BUFFER_EMPTY) return 0;
            if (hr < 0) throw WindowsAudioFormats.StreamFailure(_deviceName, "get a captured packet", hr);

            // The first packet after Start commonly carries DATA_DISCONTINUITY (nothing came before
            // it); only later ones mean the engine dropped audio because we read too slowly.
            if ((flags & WasapiInterop.AUDCLNT_BUFFERFLAGS_DATA_DISCONTINUITY) != 0 && !_firstPacket)
            {
                Interlocked.Increment(ref _overruns);
            }
            _firstPacket = false;

            int bytes = (int)Math.Min(frames * (long)Format.BlockAlign, int.MaxValue);
            int direct = Math.Min(bytes, space);
            if ((flags & WasapiInterop.AUDCLNT_BUFFERFLAGS_SILENT) != 0 || data == IntPtr.Zero)
            {
                // SILENT: the data pointer's contents are to be treated as zeros, whatever they hold.
                Array.Clear(buffer, offset, direct);
                _pending.KeepSilence(bytes - direct);
            }
            else
            {
                Marshal.Copy(data, buffer, offset, direct);
                if (bytes > direct) _pending.Keep(IntPtr.Add(data, direct), bytes - direct);
            }

            hr = capture.ReleaseBuffer(frames);
            if (hr < 0) throw WindowsAudioFormats.StreamFailure(_deviceName, "hand a captured packet back", hr);
            return direct;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                IAudioClient? client = _client;
                IAudioCaptureClient? capture = _capture;
                _client = null;
                _capture = null;
                _pending.Clear();
                bool started = _started;
                try
                {
                    // The objects live in the MTA; an STA caller (a Windows PowerShell 5.1 pipeline
                    // thread disposing the session) would need a proxy, so it hands the release over.
                    if (Thread.CurrentThread.GetApartmentState() == ApartmentState.STA)
                    {
                        MtaWorker.Run(() => Release(client, capture, started));
                    }
                    else
                    {
                        Release(client, capture, started);
                    }
                }
                catch (Exception)
                {
                    // Dispose never throws; the runtime releases the objects when they are collected.
                }
            }
        }

        private static bool Release(IAudioClient? client, IAudioCaptureClient? capture, bool started)
        {
            try
            {
                if (started) client?.Stop(); // HRESULT ignored: a vanished device cannot be stopped and need not be
            }
            catch (Exception)
            {
                // As above: stopping is best effort.
            }
            WasapiCaptureBackend.Release(capture);
            WasapiCaptureBackend.Release(client);
            return true;
        }
    }
}
