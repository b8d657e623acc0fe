// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>One event from the receive pump to the session loop.</summary>
/// <param name="Audio">A binary message's bytes (hashed for Metadata.sha256 and checked for whole samples).</param>
/// <param name="Text">A text message; null when it was too large to keep.</param>
/// <param name="CloseStatus">The client's close code, if it sent one.</param>
internal readonly record struct DeepgramClientInput(ClientInputKind Kind, byte[]? Audio = null, string? Text = null, int? CloseStatus = null);
