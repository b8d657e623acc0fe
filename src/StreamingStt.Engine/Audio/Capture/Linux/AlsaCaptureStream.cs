// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    /// <summary>
    /// Reads an ALSA capture PCM: waits at most 100 ms per call, recovers from overruns (xruns)
    /// and suspends, and turns a vanished device into AudioDeviceUnavailable.
    /// </summary>
    internal sealed class AlsaCaptureStream : IAudioCaptureStream
    {
        internal const int WaitMilliseconds = 100;

        private readonly IAlsaPcm _pcm;
        private readonly string _deviceName;
        private IntPtr _native;
        private int _nativeFrames;
        private int _overruns;

        public AlsaCaptureStream(IAlsaPcm pcm, AudioFormat format, string deviceName)
        {
            _pcm = pcm ?? throw new ArgumentNullException(nameof(pcm));
            Format = format ?? throw new ArgumentNullException(nameof(format));
            _deviceName = deviceName;
        }

        public AudioFormat Format { get; }

        public int Overruns => _overruns;

        public void Start()
        {
            int result = _pcm.Start();
            if (result < 0) throw AlsaErrors.Lost(result, _deviceName);
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int frames = count / Format.BlockAlign;
            if (frames <= 0) return 0;
            EnsureNative(frames);

            // Two attempts: an overrun or suspend is recovered once per call, then the caller comes back.
            for (int attempt = 0; attempt < 2; attempt++)
            {
                int ready = _pcm.Wait(WaitMilliseconds);
                if (ready == 0) return 0;
                if (ready < 0)
                {
                    Recover(ready);
                    continue;
                }
                long read = _pcm.Read(_native, frames);
                if (read == -AlsaNative.EAGAIN) return 0;
                if (read < 0)
                {
                    Recover((int)read);
                    continue;
                }
                int bytes = (int)read * Format.BlockAlign;
                Marshal.Copy(_native, buffer, offset, bytes);
                return bytes;
            }
            return 0;
        }

        private void Recover(int error)
        {
            if (error == -AlsaNative.EPIPE || error == -AlsaNative.ESTRPIPE || error == -AlsaNative.EINTR)
            {
                // Overrun: the device's buffer filled while we were away. A little audio is lost; carry on.
                if (error == -AlsaNative.EPIPE) _overruns++;
                int recovered = _pcm.Recover(error);
                if (recovered < 0) throw AlsaErrors.Lost(recovered, _deviceName);
                return;
            }
            // ENODEV, EIO, EBADFD: the device has gone (USB microphone unplugged).
            throw AlsaErrors.Lost(error, _deviceName);
        }

        private void EnsureNative(int frames)
        {
            if (_nativeFrames >= frames) return;
            if (_native != IntPtr.Zero) Marshal.FreeHGlobal(_native);
            _native = Marshal.AllocHGlobal(frames * Format.BlockAlign);
            _nativeFrames = frames;
        }

        public void Dispose()
        {
            _pcm.Dispose();
            IntPtr native = _native;
            _native = IntPtr.Zero;
            _nativeFrames = 0;
            if (native != IntPtr.Zero) Marshal.FreeHGlobal(native);
        }
    }
}
