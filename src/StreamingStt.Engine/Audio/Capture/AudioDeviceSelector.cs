// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamingStt.Engine.Audio.Capture
{
    /// <summary>
    /// Resolves what a person typed after -Device: nothing (the default device), an index, an
    /// exact Id or name, a wildcard pattern, or a unique part of a name.
    /// </summary>
    public static class AudioDeviceSelector
    {
        public static AudioDevice Select(IReadOnlyList<AudioDevice> devices, string? selector, string backend)
        {
            if (devices is null) throw new ArgumentNullException(nameof(devices));
            if (devices.Count == 0)
            {
                throw new SttException(SttErrorKind.AudioDeviceUnavailable,
                    $"No audio capture device was found ({backend}). Connect a microphone, check it is enabled, or pass audio files with {EngineOptionNames.AudioFiles}.",
                    selector ?? "default");
            }
            if (string.IsNullOrWhiteSpace(selector))
            {
                return devices.FirstOrDefault(d => d.IsDefault) ?? devices[0];
            }
            string wanted = selector!.Trim();

            if (int.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                AudioDevice? byIndex = devices.FirstOrDefault(d => d.Index == index);
                if (byIndex is not null) return byIndex;
                throw NotFound(devices, wanted, $"No capture device has index {index}");
            }

            AudioDevice? exact = devices.FirstOrDefault(d => string.Equals(d.Id, wanted, StringComparison.Ordinal))
                ?? devices.FirstOrDefault(d => string.Equals(d.Name, wanted, StringComparison.OrdinalIgnoreCase))
                ?? devices.FirstOrDefault(d => string.Equals(d.Id, wanted, StringComparison.OrdinalIgnoreCase));
            if (exact is not null) return exact;

            if (HasWildcards(wanted))
            {
                Regex pattern = WildcardToRegex(wanted);
                // Several matches are normal (ALSA lists one card as several PCMs): the default
                // device wins, otherwise the first in the platform's order.
                List<AudioDevice> matches = devices.Where(d => pattern.IsMatch(d.Name) || pattern.IsMatch(d.Id)).ToList();
                if (matches.Count > 0) return matches.FirstOrDefault(d => d.IsDefault) ?? matches[0];
                throw NotFound(devices, wanted, $"No capture device matches '{wanted}'");
            }

            List<AudioDevice> partial = devices.Where(d => d.Name.IndexOf(wanted, StringComparison.OrdinalIgnoreCase) >= 0).ToList();
            if (partial.Count == 1) return partial[0];
            if (partial.Count > 1)
            {
                throw NotFound(devices, wanted,
                    $"'{wanted}' is part of {partial.Count} device names ({string.Join(", ", partial.Select(d => "'" + d.Name + "'"))}); name one exactly, use a wildcard, or give its Index");
            }
            throw NotFound(devices, wanted, $"No capture device is named '{wanted}'");
        }

        /// <summary>The device list as it appears in error messages: one "[index] name (id)" per line.</summary>
        public static string Describe(IReadOnlyList<AudioDevice> devices)
        {
            var text = new StringBuilder();
            foreach (AudioDevice device in devices)
            {
                text.Append(Environment.NewLine).Append("  [").Append(device.Index.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(device.Name);
                if (!string.Equals(device.Id, device.Name, StringComparison.Ordinal)) text.Append("  (").Append(device.Id).Append(')');
                if (device.IsDefault) text.Append("  default");
            }
            return text.ToString();
        }

        private static SttException NotFound(IReadOnlyList<AudioDevice> devices, string wanted, string what) =>
            new SttException(SttErrorKind.AudioDeviceNotFound,
                $"{what}. Available capture devices ({devices[0].Backend}):{Describe(devices)}{Environment.NewLine}{EngineOptionNames.CaptureDevice} takes a name (wildcards allowed), an Id or an Index from {EngineOptionNames.ListCaptureDevices}.",
                wanted);

        private static readonly char[] WildcardCharacters = { '*', '?', '[' };

        internal static bool HasWildcards(string text) => text.IndexOfAny(WildcardCharacters) >= 0;

        // PowerShell wildcard semantics: * any run, ? one character, [abc] / [a-z] a set; case-insensitive, whole string.
        internal static Regex WildcardToRegex(string pattern)
        {
            var regex = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '*': regex.Append(".*"); break;
                    case '?': regex.Append('.'); break;
                    case '`' when i + 1 < pattern.Length:
                        regex.Append(Regex.Escape(pattern[++i].ToString()));
                        break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close > i + 1)
                        {
                            string set = pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\").Replace("^", "\\^");
                            regex.Append('[').Append(set).Append(']');
                            i = close;
                        }
                        else
                        {
                            regex.Append("\\[");
                        }
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }
            return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
