// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// The WinMM waveIn fallback for systems where WASAPI does not work (broken audio service, old
    /// drivers). Records 16-bit PCM; the wave mapper (listed first, as the default) follows
    /// Windows' default recording device and converts to the rate we ask for.
    /// </summary>
    internal sealed class WaveInCaptureBackend : IAudioCaptureBackend
    {
        public const string BackendName = "WaveIn";

        public WaveInCaptureBackend()
        {
        }

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return false;
                try
                {
                    WaveInNative.waveInGetNumDevs();
                    return true;
                }
                catch (Exception)
                {
                    return false; // IsAvailable never throws: winmm.dll missing (Server Core, Nano Server)
                }
            }
        }

        public IReadOnlyList<AudioDevice> ListDevices()
        {
            try
            {
                uint count = WaveInNative.waveInGetNumDevs();
                var inputs = new List<WaveInCapsInfo>((int)Math.Min(count, 64));
                for (uint i = 0; i < count; i++)
                {
                    var caps = new WaveInCaps();
                    int result = WaveInNative.waveInGetDevCapsW(new UIntPtr(i), ref caps, (uint)Marshal.SizeOf(typeof(WaveInCaps)));
                    // A device that cannot describe itself keeps its place: ids are positions.
                    inputs.Add(result == 0 ? new WaveInCapsInfo(caps.ProductName, caps.Channels) : new WaveInCapsInfo(null, 0));
                }
                return WindowsAudioFormats.BuildWaveInDevices(inputs, BackendName);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Windows' WinMM audio library (winmm.dll) cannot be used: {ex.Message.TrimEnd('.')}.", "Microphone", ex);
            }
        }

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            if (device is null) throw new ArgumentNullException(nameof(device));
            request ??= new AudioCaptureRequest();
            string name = device.Name;
            if (!WindowsAudioFormats.TryParseWaveInId(device.Id, out uint deviceId))
            {
                throw NotFound(device, $"'{device.Id}' is not a WinMM device id");
            }
            if (deviceId != WaveInNative.WAVE_MAPPER && deviceId >= WaveInNative.waveInGetNumDevs())
            {
                throw NotFound(device, $"WinMM has no input number {deviceId} now");
            }

            int lastResult = 0;
            foreach (AudioFormat candidate in CandidateFormats(request))
            {
                byte[] format = WindowsAudioFormats.PcmWaveFormatEx(candidate.SampleRate, candidate.Channels, 16);
                int result = WaveInNative.waveInOpen(out IntPtr waveIn, deviceId, format, IntPtr.Zero, IntPtr.Zero, WaveInNative.CALLBACK_NULL);
                if (result == 0) return WaveInCaptureStream.Create(waveIn, name, candidate, request.Latency);
                lastResult = result;
                if (result != WindowsAudioFormats.WAVERR_BADFORMAT) break;
            }

            if (WindowsAudioFormats.MmResultMeansDeviceGone(lastResult))
            {
                throw NotFound(device, $"{WindowsAudioFormats.DescribeMmResult(lastResult)} ({WaveInNative.Code(lastResult)})");
            }
            var error = new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"Cannot open the microphone '{name}': {WindowsAudioFormats.DescribeMmResult(lastResult)} ({WaveInNative.Code(lastResult)}).", name);
            if (lastResult == WindowsAudioFormats.MMSYSERR_ALLOCATED)
            {
                error.RecommendedAction = "Close the application using the microphone, or turn on 'Let desktop apps access your microphone' in Windows Settings > Privacy & security > Microphone.";
            }
            throw error;
        }

        /// <summary>16-bit PCM at the session's rate first (the mapper converts), then the common native layouts.</summary>
        internal static IEnumerable<AudioFormat> CandidateFormats(AudioCaptureRequest request)
        {
            int rate = request.PreferredSampleRate > 0 ? request.PreferredSampleRate : 16000;
            int channels = Math.Min(2, Math.Max(1, request.PreferredChannels));
            var seen = new List<AudioFormat>();
            foreach (AudioFormat format in new[]
            {
                new AudioFormat(rate, channels, SampleEncoding.Pcm16),
                new AudioFormat(48000, 2, SampleEncoding.Pcm16),
                new AudioFormat(44100, 2, SampleEncoding.Pcm16),
                new AudioFormat(48000, 1, SampleEncoding.Pcm16),
                new AudioFormat(44100, 1, SampleEncoding.Pcm16),
            })
            {
                if (seen.Contains(format)) continue;
                seen.Add(format);
                yield return format;
            }
        }

        private static SttException NotFound(AudioDevice device, string why) =>
            new SttException(SttErrorKind.AudioDeviceNotFound, $"The microphone '{device.Name}' is not present: {why}.", device.Name)
            {
                RecommendedAction = "List the present devices with Get-SttAudioDevice and choose one with -Device.",
            };
    }
}
