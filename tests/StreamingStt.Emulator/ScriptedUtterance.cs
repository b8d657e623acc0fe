// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// One utterance the emulator "recognizes", placed on the audio timeline. <see cref="Text"/> is the formatted form
/// (casing and punctuation); unformatted messages use a lowercased, unpunctuated copy.
/// </summary>
/// <param name="Text">Formatted text, words separated by white space.</param>
/// <param name="Start">Where the first word starts on the audio timeline (from the first audio byte).</param>
public sealed record ScriptedUtterance(string Text, TimeSpan Start)
{
    /// <summary>Default length of each word when <see cref="End"/> is not given.</summary>
    public static readonly TimeSpan DefaultWordDuration = TimeSpan.FromMilliseconds(300);

    /// <summary>Length of each word; ignored when <see cref="End"/> is set.</summary>
    public TimeSpan WordDuration { get; init; } = DefaultWordDuration;

    /// <summary>Explicit end of the last word; words are then spread evenly between <see cref="Start"/> and it.</summary>
    public TimeSpan? End { get; init; }

    /// <summary>Speaker label reported with speaker_labels=true.</summary>
    public string Speaker { get; init; } = "A";

    /// <summary>The words of <see cref="Text"/>.</summary>
    public IReadOnlyList<string> Words =>
        Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>End of the last word on the audio timeline.</summary>
    public TimeSpan EffectiveEnd => End ?? Start + (WordDuration * Words.Count);
}
