// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;
using Xunit;

namespace StreamingStt.Engine.Tests.Contract;

/// <summary>Every error id a script can meet is explained in about_StreamingStt (ids are a public contract).</summary>
public sealed class ErrorIdDocumentationTests
{
    private static string RepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamingStt.psd1"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (with StreamingStt.psd1) was not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> AllErrorIds()
    {
        var ids = new TheoryData<string>();
        foreach (SttErrorKind kind in Enum.GetValues<SttErrorKind>()) ids.Add("Stt" + kind);
        foreach (string id in new[] { "SttSessionNotFound", "SttSessionStillRunning", "SttSessionNotRunning", "SttSessionNotEnded", "SttSessionNotStreaming" }) ids.Add(id);
        foreach (string id in new[] { "SttSubtitleFileExists", "SttSubtitleFolderNotFound", "SttSubtitleSeveralSources", "SttSubtitleFileNameTaken", "SttSubtitleWriteFailed" }) ids.Add(id);
        return ids;
    }

    [Theory]
    [MemberData(nameof(AllErrorIds))]
    public void TheErrorIdHasARowInTheAboutTopic(string id)
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "about_StreamingStt.md"));
        // A table row whose first cell is the id (with or without backticks).
        Assert.Contains(lines, line =>
            line.TrimStart().StartsWith("|", StringComparison.Ordinal) &&
            line.Split('|')[1].Trim().Trim('`') == id);
    }

    [Fact]
    public void ExceptionIdsAreSttPlusTheKindName()
    {
        var ex = new SttException(SttErrorKind.ProviderAuthenticationFailed, "m");
        Assert.Equal("SttProviderAuthenticationFailed", ex.ErrorId);
    }
}
