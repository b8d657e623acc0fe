// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>One word of the script on the audio timeline (integer milliseconds from the first audio byte).</summary>
/// <param name="Formatted">As written in the script ("World.").</param>
/// <param name="Plain">Lowercased, unpunctuated ("world"), for unformatted messages.</param>
internal sealed record ScriptWord(
    int UtteranceIndex,
    string Formatted,
    string Plain,
    long StartMs,
    long EndMs,
    string Speaker,
    double Confidence);
