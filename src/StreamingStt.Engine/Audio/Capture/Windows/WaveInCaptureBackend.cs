// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using NAudio;
using NAudio.Wave;

namespace StreamingStt.Engine.Audio.Capture.Windows
{
    /// <summary>
    /// The WinMM waveIn fallback for systems where WASAPI does not work (broken audio service, old
    /// drivers), on NAudio.WinMM's WaveInEvent. Records 16-bit PCM; the wave mapper (listed first,
    /// as the default) follows Windows' default recording device and converts to the rate we ask for.
    /// </summary>
    internal sealed class WaveInCaptureBackend : IAudioCaptureBackend
    {
        public const string BackendName = "WaveIn";

        /// <summary>WAVE_MAPPER as NAudio's device number: Windows' default recording device.</summary>
        internal const int WaveMapperDeviceNumber = -1;

        /// <summary>~50 ms buffers: WaveInEvent hands each one over as it fills.</summary>
        internal const int BufferMilliseconds = 50;

        /// <summary>A started waveIn device returns a buffer every ~50 ms, silence included: none for this long means it went away.</summary>
        internal static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(5);

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return false;
                try
                {
                    CountInputs();
                    return true;
                }
                catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
                {
                    return true; // so ListDevices reports the clash in plain words
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
                return ListInputs();
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
            {
                throw WindowsAudioFormats.NAudioLoadFailure(ex);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"Windows' WinMM audio library (winmm.dll) cannot be used: {ex.Message.TrimEnd('.')}.", "Microphone", ex);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)] // NAudio.WinMM is loaded here, inside the caller's try
        private static int CountInputs() => WaveInEvent.DeviceCount;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<AudioDevice> ListInputs()
        {
            int count = WaveInEvent.DeviceCount;
            var inputs = new List<WaveInCapsInfo>(Math.Min(Math.Max(count, 0), 64));
            for (int i = 0; i < count; i++)
            {
                try
                {
                    WaveInCapabilities caps = WaveInEvent.GetCapabilities(i);
                    inputs.Add(new WaveInCapsInfo(caps.ProductName, caps.Channels));
                }
                catch (MmException)
                {
                    inputs.Add(new WaveInCapsInfo(null, 0)); // a device that cannot describe itself keeps its place: ids are positions
                }
            }
            return WindowsAudioFormats.BuildWaveInDevices(inputs, BackendName);
        }

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            if (device is null) throw new ArgumentNullException(nameof(device));
            request ??= new AudioCaptureRequest();
            if (!WindowsAudioFormats.TryParseWaveInId(device.Id, out uint deviceId))
            {
                throw NotFound(device, $"'{device.Id}' is not a WinMM device id");
            }
            try
            {
                return OpenInput(device, deviceId, request);
            }
            catch (Exception ex) when (WindowsAudioFormats.IsNAudioLoadFailure(ex))
            {
                throw WindowsAudioFormats.NAudioLoadFailure(ex);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IAudioCaptureStream OpenInput(AudioDevice device, uint deviceId, AudioCaptureRequest request)
        {
            string name = device.Name;
            if (deviceId != uint.MaxValue && deviceId >= (uint)Math.Max(0, WaveInEvent.DeviceCount))
            {
                throw NotFound(device, $"WinMM has no input number {deviceId} now");
            }
            int deviceNumber = deviceId == uint.MaxValue ? WaveMapperDeviceNumber : (int)deviceId;

            // WaveInEvent opens the device when recording starts, and the format must be known before
            // Start: so it records from here, and the stream keeps nothing until Start.
            int lastResult = 0;
            foreach (AudioFormat candidate in CandidateFormats(request))
            {
                WaveInEvent recorder = WithoutSynchronizationContext(() => new WaveInEvent
                {
                    DeviceNumber = deviceNumber,
                    WaveFormat = new WaveFormat(candidate.SampleRate, 16, candidate.Channels),
                    BufferMilliseconds = BufferMilliseconds,
                    NumberOfBuffers = BufferCount(request.Latency),
                });
                try
                {
                    recorder.StartRecording();
                }
                catch (MmException ex)
                {
                    Release(recorder);
                    lastResult = (int)ex.Result;
                    if (lastResult != WindowsAudioFormats.WAVERR_BADFORMAT) break;
                    continue;
                }
                return Wrap(recorder, name, candidate, request);
            }

            if (WindowsAudioFormats.MmResultMeansDeviceGone(lastResult))
            {
                throw NotFound(device, $"{WindowsAudioFormats.DescribeMmResult(lastResult)} ({WinMmErrorText.Code(lastResult)})");
            }
            var error = new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"Cannot open the microphone '{name}': {WindowsAudioFormats.DescribeMmResult(lastResult)} ({WinMmErrorText.Code(lastResult)}).", name);
            if (lastResult == WindowsAudioFormats.MMSYSERR_ALLOCATED)
            {
                error.RecommendedAction = "Close the application using the microphone, or turn on 'Let desktop apps access your microphone' in Windows Settings > Privacy & security > Microphone.";
            }
            throw error;
        }

        private static IAudioCaptureStream Wrap(WaveInEvent recorder, string name, AudioFormat format, AudioCaptureRequest request)
        {
            var stream = new PushedCaptureStream(name, format, WasapiCaptureBackend.RingCapacity(request.Latency),
                start: () => { }, // recording since Open; the stream keeps audio from now on
                release: () => Release(recorder),
                describeStartFailure: ex => new SttException(SttErrorKind.AudioDeviceUnavailable, $"Cannot record from '{name}': {ex.Message}", name, ex),
                describeStreamFailure: ex => ex is MmException mm
                    ? WindowsAudioFormats.WaveInStreamFailure(name, (int)mm.Result, WinMmErrorText.Code((int)mm.Result))
                    : new SttException(SttErrorKind.AudioDeviceUnavailable, $"'{name}' stopped delivering audio: {ex.Message}", name, ex),
                stallLimit: StallLimit,
                describeStall: limit => new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"'{name}' stopped delivering audio: it was unplugged or disabled (WinMM returned no audio for {limit.TotalSeconds:0} s).", name));
            recorder.DataAvailable += (_, e) => stream.Deliver(e.Buffer, 0, e.BytesRecorded);
            recorder.RecordingStopped += (_, e) => stream.Stopped(e.Exception);
            return stream;
        }

        /// <summary>Enough ~50 ms buffers to hold twice the requested latency (4 to 20).</summary>
        internal static int BufferCount(TimeSpan latency) =>
            (int)Math.Min(20, Math.Max(4, Math.Ceiling(latency.TotalMilliseconds * 2 / BufferMilliseconds)));

        // WaveInEvent.Dispose stops (waveInStop, waveInReset: they throw for a vanished device) and closes.
        private static void Release(WaveInEvent recorder)
        {
            try
            {
                recorder.Dispose();
            }
            catch (MmException)
            {
                // A device that has gone cannot be stopped and need not be.
            }
        }

        // NAudio raises RecordingStopped through the constructing thread's synchronization context when
        // there is one (a GUI host's pipeline thread that may never pump it): with none, on its own thread.
        private static T WithoutSynchronizationContext<T>(Func<T> create)
        {
            SynchronizationContext? previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                return create();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }
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
                RecommendedAction = "List the present devices with " + EngineOptionNames.ListCaptureDevices + " and choose one with " + EngineOptionNames.CaptureDevice + ".",
            };
    }
}
