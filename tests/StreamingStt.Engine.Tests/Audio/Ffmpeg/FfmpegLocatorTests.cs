// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Audio.Ffmpeg;
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Audio.Ffmpeg;

public class FfmpegLocatorTests
{
    [Fact]
    public void Finds_ffmpeg_in_the_first_PATH_folder_that_has_it()
    {
        using var folder = new TempFolder();
        string empty = Directory.CreateDirectory(folder.File("empty")).FullName;
        string first = Directory.CreateDirectory(folder.File("first")).FullName;
        string second = Directory.CreateDirectory(folder.File("second")).FullName;
        File.WriteAllText(Path.Combine(first, "ffmpeg"), "");
        File.WriteAllText(Path.Combine(second, "ffmpeg"), "");

        string path = string.Join(":", "", empty, " " + first + " ", second);
        Assert.Equal(Path.Combine(first, "ffmpeg"), FfmpegLocator.Find(null, null, path, isWindows: false));
    }

    [Fact]
    public void On_Windows_looks_for_ffmpeg_exe_with_semicolons_and_quoted_entries()
    {
        using var folder = new TempFolder();
        string bin = Directory.CreateDirectory(folder.File("ffmpeg bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "ffmpeg"), "");  // not the Windows name
        Assert.Null(FfmpegLocator.Find(null, null, bin, isWindows: true));

        File.WriteAllText(Path.Combine(bin, "ffmpeg.exe"), "");
        Assert.Equal(Path.Combine(bin, "ffmpeg.exe"), FfmpegLocator.Find(null, null, "nowhere;\"" + bin + "\";", isWindows: true));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(":::")]
    public void Returns_null_when_PATH_has_no_ffmpeg(string? path)
    {
        Assert.Null(FfmpegLocator.Find(null, null, path, isWindows: false));
    }

    [Fact]
    public void An_explicit_path_wins_over_the_environment_and_PATH_and_may_be_a_folder()
    {
        using var folder = new TempFolder();
        string exe = folder.File("ffmpeg");
        File.WriteAllText(exe, "");
        Assert.Equal(exe, FfmpegLocator.Find(exe, "/elsewhere/ffmpeg", "/usr/bin", isWindows: false));
        Assert.Equal(exe, FfmpegLocator.Find(folder.Path, null, null, isWindows: false));
        Assert.Equal(exe, FfmpegLocator.Find(null, folder.Path, "/usr/bin", isWindows: false));
    }

    [Fact]
    public void An_explicit_path_that_does_not_exist_is_an_error_naming_it()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"), "ffmpeg");
        var ex = Assert.Throws<SttException>(() => FfmpegLocator.Find(missing, null, "/usr/bin", isWindows: false));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains(missing, ex.Message);
        Assert.Equal(missing, ex.Target);
    }

    [Fact]
    public void The_environment_variable_that_points_nowhere_is_an_error_naming_the_variable()
    {
        string missing = Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<SttException>(() => FfmpegLocator.Find(null, missing, "/usr/bin", isWindows: false));
        Assert.Equal(SttErrorKind.OptionInvalid, ex.Kind);
        Assert.Contains(missing, ex.Message);
        Assert.Contains(FfmpegLocator.EnvironmentVariable, ex.Message);
    }

    [Fact]
    public void A_folder_without_ffmpeg_is_an_error()
    {
        using var folder = new TempFolder();
        var ex = Assert.Throws<SttException>(() => FfmpegLocator.Find(folder.Path, null, null, isWindows: false));
        Assert.Contains("folder without ffmpeg", ex.Message);
    }
}
