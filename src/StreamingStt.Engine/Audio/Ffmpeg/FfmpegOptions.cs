// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Engine.Audio.Ffmpeg
{
    /// <summary>How to find ffmpeg, which decodes every audio format that is not WAV.</summary>
    public sealed class FfmpegOptions
    {
        /// <summary>
        /// The ffmpeg executable, or the folder that holds it. Null: the STREAMINGSTT_FFMPEG
        /// environment variable, then PATH. A path given here must exist.
        /// </summary>
        public string? ExecutablePath { get; set; }
    }
}
