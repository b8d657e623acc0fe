// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>What one Results message says: its audio window, its flags and its words.</summary>
internal sealed record DeepgramResults(
    long StartMs,
    long EndMs,
    bool IsFinal,
    bool SpeechFinal,
    bool FromFinalize,
    string Transcript,
    IReadOnlyList<DeepgramResultWord> Words);
