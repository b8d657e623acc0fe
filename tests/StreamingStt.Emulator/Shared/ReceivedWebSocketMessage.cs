// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// One whole client message as every emulator sees it: audio (its size, and its bytes when asked for), text (null when
/// it was over the size limit) or the client's close frame.
/// </summary>
internal readonly record struct ReceivedWebSocketMessage(
    ClientInputKind Kind,
    int ByteCount = 0,
    byte[]? Audio = null,
    string? Text = null,
    int? CloseStatus = null,
    string? CloseDescription = null);
