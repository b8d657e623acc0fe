// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// The entry point for microphones: lists capture devices and opens one, on whatever
    /// platform API this OS has (WASAPI then waveIn on Windows, ALSA on Linux, CoreAudio on macOS).
    /// </summary>
    public static class AudioCapture
    {
        /// <summary>The capture devices present now. Throws SttException AudioDeviceUnavailable when no capture API works here.</summary>
        public static IReadOnlyList<AudioDevice> ListDevices() => ListDevices(AudioCaptureBackends.ForCurrentPlatform(), out _);

        /// <summary>
        /// Finds the device <paramref name="selector"/> names (null: the default device), opens it
        /// and starts capturing into the buffer. Throws SttException AudioDeviceNotFound (no match;
        /// the message lists the devices) or AudioDeviceUnavailable (none, busy, refused).
        /// </summary>
        public static MicrophoneAudioSource Open(string? selector, MicrophoneOptions options) =>
            Open(AudioCaptureBackends.ForCurrentPlatform(), selector, options);

        internal static MicrophoneAudioSource Open(IReadOnlyList<IAudioCaptureBackend> backends, string? selector, MicrophoneOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            IReadOnlyList<AudioDevice> devices = ListDevices(backends, out IAudioCaptureBackend backend);
            AudioDevice device;
            try
            {
                device = AudioDeviceSelector.Select(devices, selector, backend.Name);
            }
            catch (SttException ex) when (ex.Kind == SttErrorKind.AudioDeviceNotFound
                && backend is IUnlistedDeviceResolver resolver
                && resolver.TryResolve(selector!, devices.Count) is AudioDevice unlisted)
            {
                // ALSA opens PCMs its hints do not list (hw:1,0, a user-defined PCM), as arecord -D does.
                device = unlisted;
            }
            var request = new AudioCaptureRequest
            {
                PreferredSampleRate = options.PreferredSampleRate,
                PreferredChannels = 1,
                Latency = options.Latency,
            };
            MicrophoneAudioSource? source = null;
            try
            {
                source = new MicrophoneAudioSource(backend.Open(device, request), device, options);
                source.Start();
                return source;
            }
            catch (SttException ex) when (ex.Kind == SttErrorKind.AudioDeviceNotFound || ex.Kind == SttErrorKind.AudioDeviceUnavailable)
            {
                source?.Dispose();
                // Busy, refused or gone: the person needs to see what else there is.
                throw new SttException(ex.Kind,
                    $"{ex.Message} Available capture devices ({backend.Name}):{AudioDeviceSelector.Describe(devices)}",
                    ex.Target ?? device.Name, ex) { RecommendedAction = ex.RecommendedAction };
            }
            catch
            {
                source?.Dispose();
                throw;
            }
        }

        internal static IReadOnlyList<AudioDevice> ListDevices(IReadOnlyList<IAudioCaptureBackend> backends, out IAudioCaptureBackend backend)
        {
            SttException? firstFailure = null;
            foreach (IAudioCaptureBackend candidate in backends.Where(b => b.IsAvailable))
            {
                try
                {
                    IReadOnlyList<AudioDevice> devices = candidate.ListDevices();
                    backend = candidate;
                    return devices.Select((d, i) => d.Index == i ? d : d.WithIndex(i)).ToList();
                }
                catch (SttException ex)
                {
                    // WASAPI can fail where WinMM still works (a broken audio service, old drivers).
                    firstFailure ??= ex;
                }
            }
            if (firstFailure is not null) throw firstFailure;
            string names = string.Join(", ", backends.Select(b => b.Name));
            throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                $"No audio capture API works on this system (tried {names}). On Linux install ALSA (libasound2; package alsa-lib or libasound2t64 on some distributions).",
                "Microphone");
        }
    }
}
