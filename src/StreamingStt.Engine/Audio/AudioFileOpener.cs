// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.IO;
using StreamingStt.Engine.Audio.Ffmpeg;

namespace StreamingStt.Engine.Audio
{
    /// <summary>
    /// Opens an audio file with the right decoder: WAV (RIFF, RF64, BW64) with the built-in reader,
    /// everything else (MP3, FLAC, Ogg, M4A, WebM, video with sound, WAV with a codec the reader
    /// lacks) with ffmpeg when it is installed.
    /// </summary>
    public static class AudioFileOpener
    {
        private const string FfmpegNotFound = "StreamingStt decodes MP3, FLAC, Ogg, M4A and other formats with ffmpeg, which was not found on PATH: " + FfmpegLocator.InstallHint;

        /// <summary>
        /// Opens <paramref name="path"/> for reading. Throws <see cref="SttException"/>: AudioFileNotFound,
        /// AudioFileCorrupt, AudioFormatNotSupported (not WAV and no ffmpeg, or nothing decodable),
        /// AudioReadFailed, OptionInvalid (a bad path, or an ffmpeg path that does not exist).
        /// </summary>
        public static IAudioSource Open(string path, FfmpegOptions? ffmpeg = null) =>
            Open(path, () => FfmpegLocator.Find(ffmpeg?.ExecutablePath));

        /// <summary>The routing, with the ffmpeg search passed in; it runs only when a file needs ffmpeg.</summary>
        internal static IAudioSource Open(string path, Func<string?> findFfmpeg)
        {
            string fullPath = ResolveExistingFile(path);
            if (IsWave(fullPath))
            {
                try
                {
                    return WaveFileAudioSource.Open(fullPath);
                }
                catch (SttException ex) when (ex.Kind == SttErrorKind.AudioFormatNotSupported)
                {
                    // A WAV container around a codec the reader lacks (ADPCM, MP3, big-endian): ffmpeg decodes those.
                    string? ffmpegPath = findFfmpeg();
                    if (ffmpegPath != null)
                    {
                        return FfmpegAudioSource.Start(fullPath, ffmpegPath);
                    }
                    throw new SttException(ex.Kind, $"{ex.Message} ffmpeg could decode it, but it was not found on PATH: {FfmpegLocator.InstallHint}", ex.Target, ex)
                    {
                        RecommendedAction = ex.RecommendedAction,
                    };
                }
            }

            string? ffmpeg = findFfmpeg();
            if (ffmpeg == null)
            {
                throw new SttException(SttErrorKind.AudioFormatNotSupported, $"'{fullPath}' is not a WAV file. {FfmpegNotFound}", fullPath)
                {
                    RecommendedAction = $"Install ffmpeg, set the {FfmpegLocator.EnvironmentVariable} environment variable to its path, or convert the file to WAV.",
                };
            }
            return FfmpegAudioSource.Start(fullPath, ffmpeg);
        }

        /// <summary>
        /// The full path of an existing, non-empty file, with the same errors as
        /// <see cref="WaveFileAudioSource.Open"/> for a bad path, a folder or a missing file.
        /// </summary>
        internal static string ResolveExistingFile(string path)
        {
            string fullPath = AudioFilePath.Resolve(path);

            long length;
            try
            {
                length = new FileInfo(fullPath).Length;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SttException(SttErrorKind.AudioFileNotFound, $"The audio file '{fullPath}' does not exist.", fullPath, ex)
                {
                    RecommendedAction = "Check the path; relative paths are resolved against the current directory.",
                };
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                throw new SttException(SttErrorKind.AudioReadFailed, $"Cannot open '{fullPath}': {ex.Message}", fullPath, ex);
            }
            if (length == 0)
            {
                throw new SttException(SttErrorKind.AudioFileCorrupt, $"'{fullPath}' is empty: it holds no audio.", fullPath);
            }
            return fullPath;
        }

        /// <summary>True when the file starts with a RIFF/RIFX/RF64/BW64 header of type WAVE.</summary>
        private static bool IsWave(string fullPath)
        {
            var header = new byte[12];
            int read = 0;
            try
            {
                using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 16))
                {
                    while (read < header.Length)
                    {
                        int n = stream.Read(header, read, header.Length - read);
                        if (n <= 0) break;
                        read += n;
                    }
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                throw new SttException(SttErrorKind.AudioFileNotFound, $"The audio file '{fullPath}' does not exist.", fullPath, ex);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                throw new SttException(SttErrorKind.AudioReadFailed, $"Cannot open '{fullPath}': {ex.Message}", fullPath, ex);
            }
            if (read < header.Length)
            {
                return false;
            }
            string riff = System.Text.Encoding.ASCII.GetString(header, 0, 4);
            string wave = System.Text.Encoding.ASCII.GetString(header, 8, 4);
            return wave == "WAVE" && (riff == "RIFF" || riff == "RIFX" || riff == "RF64" || riff == "BW64");
        }
    }
}
