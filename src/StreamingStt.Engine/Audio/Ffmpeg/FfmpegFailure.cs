// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>Turns an ffmpeg failure (exit code and its last stderr lines) into an <see cref="SttException"/>.</summary>
    internal static class FfmpegFailure
    {
        private const string PlaysHint = "Check that the file plays in a media player; if it does, convert it to WAV with ffmpeg and report the problem.";

        public static SttException FromExit(string file, int exitCode, IReadOnlyList<string> ffmpegSaid, bool producedAudio, Exception? inner = null)
        {
            string said = Quote(ffmpegSaid);
            string code = exitCode < 0 ? "0x" + exitCode.ToString("X8", CultureInfo.InvariantCulture) : exitCode.ToString(CultureInfo.InvariantCulture);

            if (Mentions(ffmpegSaid, "matches no streams", "does not contain any stream", "no audio stream"))
            {
                return new SttException(SttErrorKind.AudioFormatNotSupported,
                    $"'{file}' contains no audio stream, so there is nothing to transcribe. ffmpeg said: {said}", file, inner)
                {
                    RecommendedAction = "Pass a file with sound: a video without an audio track cannot be transcribed.",
                };
            }
            if (Mentions(ffmpegSaid, "Decoder (", "decoder not found", "Unsupported codec", "codec not currently supported", "Could not find codec parameters"))
            {
                return new SttException(SttErrorKind.AudioFormatNotSupported,
                    $"ffmpeg cannot decode the audio in '{file}' (exit code {code}). ffmpeg said: {said}", file, inner)
                {
                    RecommendedAction = "Use an ffmpeg build with this codec, or convert the file on a machine that can decode it.",
                };
            }
            string what = producedAudio
                ? $"ffmpeg stopped with an error (exit code {code}) part way through '{file}'; the audio before the error was sent."
                : $"ffmpeg could not read '{file}' (exit code {code}): it is damaged or not an audio or video format ffmpeg knows.";
            return new SttException(SttErrorKind.AudioFileCorrupt, $"{what} ffmpeg said: {said}", file, inner)
            {
                RecommendedAction = PlaysHint,
            };
        }

        /// <summary>"first line / second line." — ffmpeg's words in quotes, one sentence.</summary>
        internal static string Quote(IReadOnlyList<string> lines)
        {
            if (lines.Count == 0)
            {
                return "nothing (no error message).";
            }
            return "\"" + string.Join(" / ", lines.Select(l => l.TrimEnd('.'))) + "\".";
        }

        private static bool Mentions(IReadOnlyList<string> lines, params string[] phrases) =>
            lines.Any(line => phrases.Any(p => line.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0));
    }
}
