// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    /// <summary>
    /// An open ALSA capture PCM, reduced to what <see cref="AlsaCaptureStream"/> needs, so its
    /// overrun and unplug handling can be tested without a sound card.
    /// </summary>
    internal interface IAlsaPcm : IDisposable
    {
        /// <summary>Negotiates hardware parameters nearest the request; returns the format the bytes will have.</summary>
        AudioFormat Configure(AudioCaptureRequest request);

        /// <summary>snd_pcm_prepare + snd_pcm_start; negative errno on failure.</summary>
        int Start();

        /// <summary>snd_pcm_wait: 1 ready, 0 timed out, negative errno.</summary>
        int Wait(int timeoutMilliseconds);

        /// <summary>snd_pcm_readi: frames read, or negative errno.</summary>
        long Read(IntPtr buffer, long frames);

        /// <summary>snd_pcm_recover: 0 when the PCM runs again, else negative errno.</summary>
        int Recover(int error);
    }

    /// <summary>The real libasound PCM handle.</summary>
    internal sealed class AlsaPcm : IAlsaPcm
    {
        private IntPtr _handle;

        private AlsaPcm(IntPtr handle) => _handle = handle;

        /// <summary>Opens <paramref name="pcmName"/> for capture; throws SttException naming the device.</summary>
        public static AlsaPcm Open(string pcmName, string deviceName)
        {
            AlsaNative.SilenceLibraryMessages();
            int result = AlsaNative.snd_pcm_open(out IntPtr handle, pcmName, AlsaNative.StreamCapture, 0);
            if (result < 0) throw AlsaErrors.OpenFailed(result, pcmName, deviceName);
            return new AlsaPcm(handle);
        }

        public AudioFormat Configure(AudioCaptureRequest request)
        {
            Check(AlsaNative.snd_pcm_hw_params_malloc(out IntPtr parameters), "allocate hardware parameters");
            try
            {
                Check(AlsaNative.snd_pcm_hw_params_any(_handle, parameters), "read the device's capabilities");
                Check(AlsaNative.snd_pcm_hw_params_set_access(_handle, parameters, AlsaNative.AccessRwInterleaved), "set interleaved access");

                // Take the device's own sample format, best first; our decoder handles each of them.
                SampleEncoding encoding;
                int format;
                if (AlsaNative.snd_pcm_hw_params_test_format(_handle, parameters, AlsaNative.FormatS16Le) == 0) { format = AlsaNative.FormatS16Le; encoding = SampleEncoding.Pcm16; }
                else if (AlsaNative.snd_pcm_hw_params_test_format(_handle, parameters, AlsaNative.FormatFloatLe) == 0) { format = AlsaNative.FormatFloatLe; encoding = SampleEncoding.Float32; }
                else if (AlsaNative.snd_pcm_hw_params_test_format(_handle, parameters, AlsaNative.FormatS32Le) == 0) { format = AlsaNative.FormatS32Le; encoding = SampleEncoding.Pcm32; }
                else if (AlsaNative.snd_pcm_hw_params_test_format(_handle, parameters, AlsaNative.FormatS24_3Le) == 0) { format = AlsaNative.FormatS24_3Le; encoding = SampleEncoding.Pcm24; }
                else throw new SttException(SttErrorKind.AudioDeviceUnavailable, "offers no sample format StreamingStt reads (16/24/32-bit PCM or 32-bit float, little-endian)");
                Check(AlsaNative.snd_pcm_hw_params_set_format(_handle, parameters, format), "set the sample format");

                uint channels = (uint)Math.Max(1, request.PreferredChannels);
                Check(AlsaNative.snd_pcm_hw_params_set_channels_near(_handle, parameters, ref channels), "set the channel count");

                // Only rates the hardware really runs at: our resampler is better than ALSA's linear one.
                // Plugins that must resample anyway (pulse, pipewire, dmix) ignore this.
                _ = AlsaNative.snd_pcm_hw_params_set_rate_resample(_handle, parameters, 0); // a preference: plugins may refuse it
                uint rate = (uint)request.PreferredSampleRate;
                int direction = 0;
                Check(AlsaNative.snd_pcm_hw_params_set_rate_near(_handle, parameters, ref rate, ref direction), "set the sample rate");

                uint period = (uint)Math.Max(5000, request.Latency.TotalMilliseconds * 1000 / 4);
                direction = 0;
                // Best effort ("near"): ALSA keeps its own choice when it cannot come close; snd_pcm_hw_params below is checked.
                _ = AlsaNative.snd_pcm_hw_params_set_period_time_near(_handle, parameters, ref period, ref direction);
                uint bufferTime = (uint)Math.Max(20000, request.Latency.TotalMilliseconds * 1000 * 4);
                direction = 0;
                _ = AlsaNative.snd_pcm_hw_params_set_buffer_time_near(_handle, parameters, ref bufferTime, ref direction);

                Check(AlsaNative.snd_pcm_hw_params(_handle, parameters), "apply the hardware parameters");
                return new AudioFormat((int)rate, (int)channels, encoding);
            }
            finally
            {
                AlsaNative.snd_pcm_hw_params_free(parameters);
            }
        }

        public int Start()
        {
            int result = AlsaNative.snd_pcm_prepare(_handle);
            if (result < 0) return result;
            result = AlsaNative.snd_pcm_start(_handle);
            return result;
        }

        public int Wait(int timeoutMilliseconds) => AlsaNative.snd_pcm_wait(_handle, timeoutMilliseconds);

        public long Read(IntPtr buffer, long frames) => (long)AlsaNative.snd_pcm_readi(_handle, buffer, (UIntPtr)(ulong)frames);

        public int Recover(int error) => AlsaNative.snd_pcm_recover(_handle, error, 1);

        public void Dispose()
        {
            IntPtr handle = _handle;
            _handle = IntPtr.Zero;
            if (handle == IntPtr.Zero) return;
            // Dispose: nothing to do about a failure but go on closing.
            _ = AlsaNative.snd_pcm_drop(handle);
            _ = AlsaNative.snd_pcm_close(handle);
        }

        private static void Check(int result, string what)
        {
            if (result < 0) throw new SttException(SttErrorKind.AudioDeviceUnavailable, $"could not {what}: {AlsaNative.ErrorText(result)} ({result})");
        }
    }

    /// <summary>ALSA error codes in the words a user can act on.</summary>
    internal static class AlsaErrors
    {
        public static SttException OpenFailed(int error, string pcmName, string deviceName)
        {
            string text = AlsaNative.ErrorText(error);
            switch (-error)
            {
                case AlsaNative.ENOENT:
                case AlsaNative.ENODEV:
                case AlsaNative.EINVAL:
                    return new SttException(SttErrorKind.AudioDeviceNotFound,
                        $"The ALSA capture device '{pcmName}' does not exist or is not connected ({text})."
                        + (pcmName == AlsaDeviceHints.DefaultPcm
                            ? " This machine has no sound card and no sound server (PulseAudio, PipeWire) that ALSA can reach: on a server or in a container, pass audio files with " + EngineOptionNames.AudioFiles + " or raw audio with " + EngineOptionNames.RawAudioStream + "."
                            : string.Empty),
                        deviceName);
                case AlsaNative.EBUSY:
                    return new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"The ALSA capture device '{pcmName}' is busy: another program is using it ({text}). Close that program, or use 'default' so PulseAudio/PipeWire can share the microphone.", deviceName);
                case AlsaNative.EACCES:
                    return new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"Permission denied opening the ALSA capture device '{pcmName}' ({text}): add your user to the 'audio' group or use 'default'.", deviceName);
                default:
                    return new SttException(SttErrorKind.AudioDeviceUnavailable,
                        $"Could not open the ALSA capture device '{pcmName}': {text} ({error}).", deviceName);
            }
        }

        public static SttException Lost(int error, string deviceName) =>
            new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"'{deviceName}' stopped delivering audio: it was unplugged, disabled or failed ({AlsaNative.ErrorText(error)}, {error}).", deviceName);
    }
}
