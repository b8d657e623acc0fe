// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Ffmpeg;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.TestSupport;

/// <summary>A test that runs the real ffmpeg: skipped, with the reason, where ffmpeg is not installed.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    public FfmpegFactAttribute()
    {
        string? ffmpeg;
        try
        {
            ffmpeg = FfmpegLocator.Find();
        }
        catch (SttException ex)
        {
            Skip = $"Needs ffmpeg: {ex.Message}";
            return;
        }
        if (ffmpeg is null) Skip = "Needs ffmpeg on PATH (apt install ffmpeg).";
    }
}
