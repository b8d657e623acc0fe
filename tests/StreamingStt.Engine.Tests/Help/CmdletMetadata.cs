// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.Help;

/// <summary>A [Cmdlet] class as the compiled code declares it.</summary>
public sealed record CmdletMetadata(
    string Name,
    string? DefaultParameterSetName,
    bool SupportsShouldProcess,
    IReadOnlyList<CodeParameter> Parameters);
