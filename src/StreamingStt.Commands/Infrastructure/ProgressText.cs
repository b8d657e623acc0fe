// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Globalization;
using System.IO;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>The words progress bars share: a file's name and an audio duration, as one session and a batch show them.</summary>
    internal static class ProgressText
    {
        /// <summary>"m:ss", or "h:mm:ss" from an hour on.</summary>
        public static string Duration(TimeSpan value) =>
            value.ToString(value >= TimeSpan.FromHours(1) ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

        /// <summary>"1 turn", "2 turns".</summary>
        public static string Turns(int count) =>
            count == 1 ? "1 turn" : count.ToString(CultureInfo.CurrentCulture) + " turns";

        /// <summary>The file name of a source, or the source as it is when it is not a path (a device, a stream).</summary>
        public static string FileName(string source)
        {
            try
            {
                string name = Path.GetFileName(source);
                return string.IsNullOrEmpty(name) ? source : name;
            }
            catch (ArgumentException)
            {
                return source;
            }
        }
    }
}
