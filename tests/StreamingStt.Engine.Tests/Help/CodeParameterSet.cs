// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.Help;

/// <summary>One [Parameter] attribute on a cmdlet property: its set and binding flags.</summary>
public sealed record CodeParameterSet(
    string Name,
    bool Mandatory,
    int? Position,
    bool ValueFromPipeline,
    bool ValueFromPipelineByPropertyName,
    bool DontShow);
