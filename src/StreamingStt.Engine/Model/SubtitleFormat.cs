// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt
{
    /// <summary>The subtitle file formats ConvertTo-SttSubtitle and Export-SttSubtitle write.</summary>
    public enum SubtitleFormat
    {
        /// <summary>SubRip (.srt): numbered cues, times as 00:00:01,000, speaker as a "Name: " prefix.</summary>
        Srt,
        /// <summary>WebVTT (.vtt): a WEBVTT header, times as 00:00:01.000, speaker as a voice tag (&lt;v Name&gt;).</summary>
        WebVtt,
    }
}
