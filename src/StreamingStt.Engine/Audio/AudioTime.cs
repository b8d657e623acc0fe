// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Audio
{
    /// <summary>Sample counts to time spans, exact to the tick (TimeSpan.FromSeconds rounds to milliseconds on .NET Framework).</summary>
    internal static class AudioTime
    {
        public static TimeSpan FromSamples(long samples, int sampleRate)
        {
            // Split to avoid overflowing samples × ticks-per-second for very long audio.
            long seconds = samples / sampleRate;
            long remainder = samples % sampleRate;
            return TimeSpan.FromTicks(seconds * TimeSpan.TicksPerSecond + remainder * TimeSpan.TicksPerSecond / sampleRate);
        }
    }
}
