// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Audio.Capture.Linux
{
    /// <summary>One entry of snd_device_name_hint: NAME, DESC and IOID (null = both directions).</summary>
    internal sealed class AlsaHint
    {
        public AlsaHint(string name, string? description, string? direction)
        {
            Name = name;
            Description = description;
            Direction = direction;
        }

        public string Name { get; }
        public string? Description { get; }
        public string? Direction { get; }
    }

    /// <summary>
    /// Turns ALSA's PCM hints into the capture-device listing: what `arecord -L` shows, minus
    /// playback-only PCMs and "null", with "default" always first and marked as the default.
    /// </summary>
    internal static class AlsaDeviceHints
    {
        private static readonly char[] LineBreak = { '\n' };

        public const string DefaultPcm = "default";

        public static IReadOnlyList<AudioDevice> ToDevices(IEnumerable<AlsaHint> hints)
        {
            var devices = new List<AudioDevice>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            AlsaHint? defaultHint = null;
            var others = new List<AlsaHint>();
            foreach (AlsaHint hint in hints)
            {
                if (string.IsNullOrEmpty(hint.Name) || !seen.Add(hint.Name)) continue;
                if (hint.Direction is not null && !string.Equals(hint.Direction, "Input", StringComparison.Ordinal)) continue;
                if (hint.Name == "null") continue;
                if (hint.Name == DefaultPcm) defaultHint = hint;
                else others.Add(hint);
            }

            // "default" works wherever ALSA is configured (it is PulseAudio or PipeWire on desktops),
            // even when the configuration gives it no hint.
            devices.Add(new AudioDevice(0, FriendlyName(defaultHint?.Description, DefaultPcm), DefaultPcm, AlsaCaptureBackend.BackendName,
                isDefault: true, channels: 0, sampleRate: 0, description: Flatten(defaultHint?.Description)));
            foreach (AlsaHint hint in others)
            {
                devices.Add(new AudioDevice(devices.Count, FriendlyName(hint.Description, hint.Name), hint.Name, AlsaCaptureBackend.BackendName,
                    isDefault: false, channels: 0, sampleRate: 0, description: Flatten(hint.Description)));
            }
            return devices;
        }

        /// <summary>
        /// ALSA descriptions are "card, device\nwhat this PCM does": one card appears as several
        /// PCMs (sysdefault, front, hw, plughw, dsnoop), so the second line is what tells them apart.
        /// </summary>
        internal static string FriendlyName(string? description, string pcmName)
        {
            if (string.IsNullOrWhiteSpace(description)) return pcmName;
            string[] lines = description!.Replace("\r", string.Empty).Split(LineBreak, StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0) return pcmName;
            string first = lines[0].Trim();
            return lines.Length > 1 ? first + " (" + lines[1].Trim() + ")" : first;
        }

        private static string Flatten(string? description) =>
            string.IsNullOrWhiteSpace(description) ? string.Empty : string.Join(" / ", description!.Replace("\r", string.Empty).Split(LineBreak, StringSplitOptions.RemoveEmptyEntries));
    }
}
