// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Where audio comes from: a file, a stream, later a microphone. A source only delivers
    /// bytes in its own <see cref="Format"/>; every source shares one conversion path
    /// (<see cref="AudioFrameReader"/>) to the session's rate and wire encoding.
    /// </summary>
    public interface IAudioSource : IDisposable
    {
        /// <summary>What the audio is, for people and for Turn.Source: a full path, "stdin", a device name.</summary>
        string Name { get; }

        /// <summary>The layout of the bytes <see cref="Read"/> returns.</summary>
        AudioFormat Format { get; }

        /// <summary>Total length when known (files); null for live or open-ended sources.</summary>
        TimeSpan? Duration { get; }

        /// <summary>
        /// True when the source itself delivers audio at real time (a microphone), so the session
        /// must not pace it again; false for files and streams, which the session paces.
        /// </summary>
        bool IsRealTime { get; }

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes (a whole number of blocks where possible).
        /// Blocks until data is available; returns 0 at the end of the audio. Throws
        /// <see cref="StreamingStt.SttException"/> when reading fails.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);
    }
}
