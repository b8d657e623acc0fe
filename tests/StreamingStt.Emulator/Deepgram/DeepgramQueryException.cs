// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>A query value the service refuses with HTTP 400; the message becomes dg-error.</summary>
internal sealed class DeepgramQueryException(string message) : Exception(message);
