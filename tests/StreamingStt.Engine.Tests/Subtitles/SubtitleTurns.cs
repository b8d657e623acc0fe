// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.Subtitles;

/// <summary>Turns as a session would write them, for the subtitle tests.</summary>
internal static class SubtitleTurns
{
    /// <summary>An end-of-turn turn whose words last <paramref name="wordSeconds"/> each, back to back from <paramref name="start"/>.</summary>
    public static Turn Timed(string transcript, double start, double wordSeconds = 0.3, string? speaker = null, string? source = "call.wav", int order = 0, bool endOfTurn = true)
    {
        string[] texts = transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var words = texts.Select((text, i) => new Word(text, Seconds(start + i * wordSeconds), Seconds(start + (i + 1) * wordSeconds), 0.9, true, speaker)).ToList();
        return new Turn(SttProvider.AssemblyAI, "session", source, order, transcript, endOfTurn, true, Seconds(start),
            Seconds(start + texts.Length * wordSeconds), 0.9, null, speaker, null, new WordList(words), DateTimeOffset.UnixEpoch);
    }

    /// <summary>An end-of-turn turn with no word timings (only the turn's own start and end).</summary>
    public static Turn Untimed(string transcript, double start, double end, string? speaker = null, string? source = "call.wav") =>
        new(SttProvider.AssemblyAI, "session", source, 0, transcript, true, true, Seconds(start), Seconds(end), null, null, speaker, null,
            WordList.Empty, DateTimeOffset.UnixEpoch);

    /// <summary>A turn whose transcript and words differ (formatted text, unformatted words).</summary>
    public static Turn WithWords(string transcript, params (string Text, double Start, double End)[] words) =>
        new(SttProvider.AssemblyAI, "session", "call.wav", 0, transcript, true, true, Seconds(words[0].Start), Seconds(words[^1].End), null, null, null, null,
            new WordList(words.Select(w => new Word(w.Text, Seconds(w.Start), Seconds(w.End), null, true, null))), DateTimeOffset.UnixEpoch);

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
