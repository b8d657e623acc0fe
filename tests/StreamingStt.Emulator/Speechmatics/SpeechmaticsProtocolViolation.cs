// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>A client message or setting the emulated service refuses: answered with Error{type, reason} and a close.</summary>
internal sealed class SpeechmaticsProtocolViolation(string errorType, string reason) : Exception(reason)
{
    public string ErrorType { get; } = errorType;
}
