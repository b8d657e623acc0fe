// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>Cue times as both formats write them: hh:mm:ss,mmm (SRT) and hh:mm:ss.mmm (WebVTT), to the nearest millisecond.</summary>
    internal static class SubtitleTime
    {
        public static string Format(TimeSpan time, char millisecondSeparator)
        {
            if (time < TimeSpan.Zero) time = TimeSpan.Zero;
            long milliseconds = (long)Math.Round(time.Ticks / (double)TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);
            long hours = milliseconds / 3_600_000;
            long minutes = milliseconds / 60_000 % 60;
            long seconds = milliseconds / 1000 % 60;
            long fraction = milliseconds % 1000;
            // Hours take as many digits as they need: both formats allow more than two.
            return string.Format(CultureInfo.InvariantCulture, "{0:00}:{1:00}:{2:00}{3}{4:000}", hours, minutes, seconds, millisecondSeparator, fraction);
        }
    }
}
