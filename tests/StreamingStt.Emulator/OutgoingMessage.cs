// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>A server message ready to send: its <c>type</c> (for the session record) and its JSON text.</summary>
internal readonly record struct OutgoingMessage(string Type, string Json);
