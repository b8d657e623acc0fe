// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>Outcome of checking a session's credentials.</summary>
/// <param name="FailureReason">The 1008 close reason when not accepted.</param>
/// <param name="MaxSessionDuration">The token's session cap, when a token was used.</param>
internal sealed record AuthenticationResult(EmulatorAuthMethod Method, string? FailureReason, TimeSpan? MaxSessionDuration)
{
    public bool Accepted => FailureReason is null;
}
