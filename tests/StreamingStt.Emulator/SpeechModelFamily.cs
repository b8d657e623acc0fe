// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>The two turn behaviours of the v3 endpoint.</summary>
internal enum SpeechModelFamily
{
    /// <summary>universal-streaming-english/-multilingual, whisper-rt: word-by-word partials, confidence-based end of turn.</summary>
    UniversalStreaming,

    /// <summary>u3-rt-pro and its SDK-known siblings: transcripts only in silence, punctuation-based end of turn.</summary>
    UniversalThreePro,
}
