// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    /// <summary>
    /// Linux capture through ALSA (libasound.so.2), which also reaches PulseAudio and PipeWire
    /// through their ALSA plugins ("default" on a desktop is one of them).
    /// </summary>
    internal sealed class AlsaCaptureBackend : IAudioCaptureBackend, IUnlistedDeviceResolver
    {
        public const string BackendName = "ALSA";

        public string Name => BackendName;

        public bool IsAvailable
        {
            get
            {
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
                try
                {
                    AlsaNative.snd_strerror(0);
                    return true;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
                {
                    return false;
                }
            }
        }

        public IReadOnlyList<AudioDevice> ListDevices()
        {
            AlsaNative.SilenceLibraryMessages();
            int result = AlsaNative.snd_device_name_hint(-1, "pcm", out IntPtr hints);
            if (result < 0)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"ALSA could not list its devices: {AlsaNative.ErrorText(result)} ({result}).");
            }
            var entries = new List<AlsaHint>();
            try
            {
                for (int i = 0; ; i++)
                {
                    IntPtr hint = Marshal.ReadIntPtr(hints, i * IntPtr.Size);
                    if (hint == IntPtr.Zero) break;
                    string? name = TakeString(AlsaNative.snd_device_name_get_hint(hint, "NAME"));
                    string? description = TakeString(AlsaNative.snd_device_name_get_hint(hint, "DESC"));
                    string? direction = TakeString(AlsaNative.snd_device_name_get_hint(hint, "IOID"));
                    if (name is not null) entries.Add(new AlsaHint(name, description, direction));
                }
            }
            finally
            {
                _ = AlsaNative.snd_device_name_free_hint(hints); // cleanup: a failure frees nothing more
            }
            return AlsaDeviceHints.ToDevices(entries);
        }

        public IAudioCaptureStream Open(AudioDevice device, AudioCaptureRequest request)
        {
            AlsaPcm pcm = AlsaPcm.Open(device.Id, device.Name);
            try
            {
                AudioFormat format;
                try
                {
                    format = pcm.Configure(request);
                }
                catch (SttException ex)
                {
                    throw new SttException(ex.Kind, $"The ALSA capture device '{device.Id}' {ex.Message}.", device.Name, ex);
                }
                return new AlsaCaptureStream(pcm, format, device.Name);
            }
            catch
            {
                pcm.Dispose();
                throw;
            }
        }

        /// <summary>
        /// A PCM name the hints do not list ("hw:1,0", "plughw:CARD=USB,DEV=0", a PCM defined in
        /// ~/.asoundrc without a hint): usable when ALSA can open it for capture right now.
        /// </summary>
        public AudioDevice? TryResolve(string id, int index)
        {
            if (string.IsNullOrWhiteSpace(id) || AudioDeviceSelector.HasWildcards(id)) return null;
            try
            {
                AlsaNative.SilenceLibraryMessages();
                if (AlsaNative.snd_pcm_open(out IntPtr pcm, id, AlsaNative.StreamCapture, AlsaNative.OpenNonBlocking) < 0) return null;
                _ = AlsaNative.snd_pcm_close(pcm); // only probing that it opens
                return new AudioDevice(index, id, id, BackendName, isDefault: false, channels: 0, sampleRate: 0, description: "not listed by ALSA's device hints");
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                return null;
            }
        }

        // Hint strings are malloc'd copies the caller frees.
        private static string? TakeString(IntPtr pointer)
        {
            if (pointer == IntPtr.Zero) return null;
            try
            {
                return Marshal.PtrToStringAnsi(pointer);
            }
            finally
            {
                AlsaNative.Free(pointer);
            }
        }
    }
}
