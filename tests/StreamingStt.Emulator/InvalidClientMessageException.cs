// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>A client text message the real service refuses; <see cref="Exception.Message"/> is the 3006 close reason.</summary>
internal sealed class InvalidClientMessageException(string reason) : Exception(reason);
