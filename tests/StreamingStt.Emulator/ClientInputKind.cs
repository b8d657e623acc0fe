// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>What the receive pump saw.</summary>
internal enum ClientInputKind
{
    Audio,
    Text,
    Closed,
    Dropped,
}
