// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>One event from the receive pump to the session loop.</summary>
/// <param name="ByteCount">Audio size; the content is never needed because recognition follows the script.</param>
/// <param name="Text">Text message; null when it was too large to keep.</param>
/// <param name="CloseStatus">The client's close code, if it sent one.</param>
internal readonly record struct ClientInput(ClientInputKind Kind, int ByteCount = 0, string? Text = null, int? CloseStatus = null, string? CloseDescription = null, byte[]? Audio = null);
