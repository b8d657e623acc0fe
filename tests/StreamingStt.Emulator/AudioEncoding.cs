// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>The <c>encoding</c> query parameter.</summary>
internal enum AudioEncoding
{
    PcmS16le,
    PcmMulaw,

    /// <summary>SDK-only; self-describing, so the emulator cannot measure or transcribe it.</summary>
    Opus,

    /// <summary>SDK-only; see <see cref="Opus"/>.</summary>
    OggOpus,

    /// <summary>SDK-only; see <see cref="Opus"/>.</summary>
    Aac,
}
