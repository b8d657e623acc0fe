// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt
{
    /// <summary>
    /// One audio input (microphone, line-in, virtual device) as Get-SttAudioDevice shows it and
    /// -Device selects it. <see cref="Index"/> is the row's position in the current listing.
    /// </summary>
    public sealed class AudioDevice
    {
        public AudioDevice(int index, string name, string id, string backend, bool isDefault, int channels, int sampleRate, string? description = null)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("A device needs a name.", nameof(name));
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("A device needs an id.", nameof(id));
            Index = index;
            Name = name;
            Id = id;
            Backend = backend ?? throw new ArgumentNullException(nameof(backend));
            IsDefault = isDefault;
            Channels = channels;
            SampleRate = sampleRate;
            Description = description ?? string.Empty;
        }

        /// <summary>Position in the listing; -Device accepts it.</summary>
        public int Index { get; }

        /// <summary>What people call it: "Microphone (USB Audio Device)", "default", "MacBook Pro Microphone".</summary>
        public string Name { get; }

        /// <summary>What the platform calls it: a WASAPI endpoint id, an ALSA PCM name, a CoreAudio UID.</summary>
        public string Id { get; }

        /// <summary>The native API that captures it: WASAPI, WaveIn, ALSA or CoreAudio.</summary>
        public string Backend { get; }

        /// <summary>True for the device used when no -Device is given.</summary>
        public bool IsDefault { get; }

        /// <summary>Input channels the device offers (0 when the platform does not say).</summary>
        public int Channels { get; }

        /// <summary>The device's native sample rate (0 when the platform does not say).</summary>
        public int SampleRate { get; }

        /// <summary>Extra detail from the platform (ALSA hint description, WASAPI device description).</summary>
        public string Description { get; }

        internal AudioDevice WithIndex(int index) =>
            new AudioDevice(index, Name, Id, Backend, IsDefault, Channels, SampleRate, Description);

        public override string ToString() => Name;
    }
}
