// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;

namespace StreamingStt.Engine.Audio
{
    /// <summary>Turns what a user typed into the full path of a file, with the errors every file source shares.</summary>
    internal static class AudioFilePath
    {
        /// <summary>The full path; SttException OptionInvalid for an empty or malformed path, AudioFileNotFound for a folder.</summary>
        public static string Resolve(string path)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                throw new SttException(SttErrorKind.OptionInvalid, "No audio file path was given.", path);
            }
            string fullPath = FullPath(path, $"'{path}' is not a valid file path");
            if (Directory.Exists(fullPath))
            {
                throw new SttException(SttErrorKind.AudioFileNotFound, $"'{fullPath}' is a folder, not an audio file.", fullPath);
            }
            return fullPath;
        }

        /// <summary>
        /// <see cref="Path.GetFullPath(string)"/>, with a malformed path (bad characters, too long, a device name)
        /// refused as SttException OptionInvalid: "<paramref name="notValid"/>: why".
        /// </summary>
        public static string FullPath(string path, string notValid)
        {
            try
            {
                return Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new SttException(SttErrorKind.OptionInvalid, $"{notValid}: {ex.Message}", path, ex);
            }
        }
    }
}
