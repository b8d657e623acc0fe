// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>Outcome of checking an upgrade's credentials.</summary>
/// <param name="FailureReason">The dg-error text when not accepted.</param>
/// <param name="SubProtocol">The subprotocol to echo in the 101 (<c>token</c> or <c>bearer</c>), or null.</param>
internal sealed record DeepgramAuthResult(DeepgramAuthMethod Method, string? FailureReason, string? SubProtocol)
{
    public bool Accepted => FailureReason is null;
}
