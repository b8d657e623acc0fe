// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>A connection query parameter the real service would refuse (the session is closed with 3006).</summary>
internal sealed class SessionConfigurationException(string detail) : Exception(detail);
