// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>When an <see cref="EmulatorFault"/> fires.</summary>
public enum EmulatorFaultTrigger
{
    /// <summary>Right after Begin has been sent.</summary>
    AfterBegin,

    /// <summary>Once the audio received reaches <see cref="EmulatorFault.AudioReceived"/>.</summary>
    AfterAudio,
}
