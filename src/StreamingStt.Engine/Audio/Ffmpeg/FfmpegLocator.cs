// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;
using System.Runtime.InteropServices;

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>
    /// Finds the ffmpeg executable: an explicit path first, then the STREAMINGSTT_FFMPEG
    /// environment variable, then the folders on PATH.
    /// </summary>
    internal static class FfmpegLocator
    {
        /// <summary>The environment variable that names the ffmpeg executable (or its folder).</summary>
        public const string EnvironmentVariable = "STREAMINGSTT_FFMPEG";

        internal const string InstallHint = "install it (winget install ffmpeg / apt install ffmpeg / brew install ffmpeg) or pass its path.";

        /// <summary>
        /// The full path of ffmpeg, or null when it is not on PATH. Throws <see cref="SttException"/>
        /// (OptionInvalid) when <paramref name="explicitPath"/> or STREAMINGSTT_FFMPEG names something that does not exist.
        /// </summary>
        public static string? Find(string? explicitPath = null) =>
            Find(explicitPath,
                Environment.GetEnvironmentVariable(EnvironmentVariable),
                Environment.GetEnvironmentVariable("PATH"),
                RuntimeInformation.IsOSPlatform(OSPlatform.Windows));

        /// <summary>The search itself, with the environment passed in so tests can fake PATH.</summary>
        internal static string? Find(string? explicitPath, string? environmentValue, string? pathVariable, bool isWindows)
        {
            string executable = ExecutableName(isWindows);
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                return Explicit(explicitPath!, executable, $"The ffmpeg path '{explicitPath}'");
            }
            if (!string.IsNullOrWhiteSpace(environmentValue))
            {
                return Explicit(environmentValue!.Trim(), executable, $"The ffmpeg path '{environmentValue}' in the {EnvironmentVariable} environment variable");
            }
            if (string.IsNullOrEmpty(pathVariable))
            {
                return null;
            }

            char separator = isWindows ? ';' : ':';
            foreach (string entry in pathVariable!.Split(separator))
            {
                // Windows PATH entries may be quoted ("C:\Program Files\ffmpeg\bin").
                string folder = entry.Trim().Trim('"');
                if (folder.Length == 0)
                {
                    continue;
                }
                string? candidate = Combine(folder, executable);
                if (candidate != null && File.Exists(candidate))
                {
                    return candidate;
                }
            }
            return null;
        }

        internal static string ExecutableName(bool isWindows) => isWindows ? "ffmpeg.exe" : "ffmpeg";

        private static string Explicit(string path, string executable, string description)
        {
            string fullPath = AudioFilePath.FullPath(path, $"{description} is not a valid path");
            if (File.Exists(fullPath))
            {
                return fullPath;
            }
            if (Directory.Exists(fullPath))
            {
                // A folder is accepted when it holds the executable (e.g. ffmpeg\bin).
                string inFolder = Path.Combine(fullPath, executable);
                if (File.Exists(inFolder))
                {
                    return inFolder;
                }
                throw new SttException(SttErrorKind.OptionInvalid, $"{description} is a folder without {executable} in it.", fullPath)
                {
                    RecommendedAction = "Give the full path of the ffmpeg executable.",
                };
            }
            throw new SttException(SttErrorKind.OptionInvalid, $"{description} does not exist.", fullPath)
            {
                RecommendedAction = "Give the full path of the ffmpeg executable, or leave it out to use ffmpeg from PATH.",
            };
        }

        private static string? Combine(string folder, string executable)
        {
            try
            {
                return Path.Combine(folder, executable);
            }
            catch (ArgumentException)
            {
                // A PATH entry with characters that cannot be in a path: skip it as the shell would.
                return null;
            }
        }
    }
}
