// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Tests.Help;

/// <summary>A cmdlet parameter as the compiled code declares it.</summary>
public sealed record CodeParameter(
    string Name,
    string TypeName,
    IReadOnlyList<CodeParameterSet> Sets,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string>? ValidateSetValues,
    IReadOnlyList<string>? EnumNames,
    bool SupportsWildcards)
{
    /// <summary>PowerShell hides a parameter from tab completion and help when any of its sets says DontShow.</summary>
    public bool IsHidden => Sets.Any(s => s.DontShow);

    /// <summary>What "Accepted values:" should list: the ValidateSet, else the enum's names, else nothing.</summary>
    public IReadOnlyList<string> AcceptedValues => ValidateSetValues ?? EnumNames ?? Array.Empty<string>();
}
