// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.HelpCompiler;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>
/// Lists every way a cmdlet page disagrees with the cmdlet class. The code is the contract:
/// the page should describe exactly the parameters PowerShell will bind, as it will bind them.
/// </summary>
public static class DocsCodeComparison
{
    private const string AllParameterSets = "__AllParameterSets";

    /// <summary>SupportsShouldProcess adds these; platyPS documents them like ordinary switches.</summary>
    private static readonly (string Name, string Alias)[] ShouldProcessParameters = { ("WhatIf", "wi"), ("Confirm", "cf") };

    public static IReadOnlyList<string> Compare(CmdletMetadata code, CommandHelp docs)
    {
        var problems = new List<string>();
        var visible = code.Parameters.Where(p => !p.IsHidden).ToArray();

        foreach (CodeParameter hidden in code.Parameters.Where(p => p.IsHidden))
        {
            if (Find(docs, hidden.Name) is not null) problems.Add($"-{hidden.Name} is DontShow in code but documented.");
        }

        foreach (CodeParameter parameter in visible)
        {
            ParameterHelp? documented = Find(docs, parameter.Name);
            if (documented is null)
            {
                problems.Add($"-{parameter.Name} is a parameter in code but has no '### -{parameter.Name}' entry.");
                continue;
            }
            CompareParameter(parameter, documented, problems);
        }

        foreach (var (name, alias) in ShouldProcessParameters)
        {
            ParameterHelp? documented = Find(docs, name);
            if (!code.SupportsShouldProcess)
            {
                if (documented is not null) problems.Add($"-{name} is documented, but the cmdlet does not declare SupportsShouldProcess.");
                continue;
            }
            if (documented is null)
            {
                problems.Add($"-{name} is missing: the cmdlet declares SupportsShouldProcess.");
                continue;
            }
            var expected = new CodeParameter(name, "SwitchParameter",
                new[] { new CodeParameterSet(AllParameterSets, false, null, false, false, false) },
                new[] { alias }, null, null, false);
            CompareParameter(expected, documented, problems);
        }

        var known = visible.Select(p => p.Name)
            .Concat(code.SupportsShouldProcess ? ShouldProcessParameters.Select(p => p.Name) : Enumerable.Empty<string>());
        foreach (ParameterHelp extra in docs.Parameters.Where(d => !known.Contains(d.Name, StringComparer.OrdinalIgnoreCase)))
        {
            if (code.Parameters.Any(p => p.IsHidden && string.Equals(p.Name, extra.Name, StringComparison.OrdinalIgnoreCase))) continue;
            problems.Add($"-{extra.Name} is documented but is not a parameter of the cmdlet.");
        }

        CompareParameterSets(code, docs, problems);
        return problems;
    }

    private static ParameterHelp? Find(CommandHelp docs, string name) =>
        docs.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static void CompareParameter(CodeParameter code, ParameterHelp docs, List<string> problems)
    {
        string name = "-" + code.Name;
        if (!string.Equals(code.Name, docs.Name, StringComparison.Ordinal))
        {
            problems.Add($"{name}: documented as -{docs.Name} (different case).");
        }
        if (!string.Equals(code.TypeName, docs.TypeName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{name}: Type is {docs.TypeName} in docs, {code.TypeName} in code.");
        }

        string[] codeSets = code.Sets.Select(s => s.Name).ToArray();
        bool codeAllSets = codeSets.Length == 1 && codeSets[0] == AllParameterSets;
        string docsSets = docs.AppliesToAllParameterSets ? "(All)" : string.Join(", ", docs.ParameterSetNames.OrderBy(s => s, StringComparer.OrdinalIgnoreCase));
        string expectedSets = codeAllSets ? "(All)" : string.Join(", ", codeSets.OrderBy(s => s, StringComparer.OrdinalIgnoreCase));
        if (!string.Equals(docsSets, expectedSets, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{name}: Parameter Sets is {docsSets} in docs, {expectedSets} in code.");
        }

        // One yaml block describes every set, so the code must agree with itself across sets first.
        CompareAcrossSets(name, "Mandatory", code.Sets.Select(s => s.Mandatory), docs.IsRequired, problems);
        CompareAcrossSets(name, "Position", code.Sets.Select(s => s.Position), docs.Position, problems);
        CompareAcrossSets(name, "ValueFromPipeline", code.Sets.Select(s => s.ValueFromPipeline), docs.AcceptsPipelineInputByValue, problems);
        CompareAcrossSets(name, "ValueFromPipelineByPropertyName", code.Sets.Select(s => s.ValueFromPipelineByPropertyName), docs.AcceptsPipelineInputByPropertyName, problems);

        string codeAliases = string.Join(", ", code.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase));
        string docsAliases = string.Join(", ", docs.Aliases.OrderBy(a => a, StringComparer.OrdinalIgnoreCase));
        if (!string.Equals(codeAliases, docsAliases, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{name}: Aliases are '{docsAliases}' in docs, '{codeAliases}' in code.");
        }

        if (!code.AcceptedValues.SequenceEqual(docs.AcceptedValues, StringComparer.Ordinal))
        {
            string source = code.ValidateSetValues is not null ? "ValidateSet" : code.EnumNames is not null ? "enum" : "code (no ValidateSet, not an enum)";
            problems.Add($"{name}: Accepted values are '{string.Join(", ", docs.AcceptedValues)}' in docs, '{string.Join(", ", code.AcceptedValues)}' in {source}.");
        }

        if (code.SupportsWildcards != docs.AcceptsWildcards)
        {
            problems.Add($"{name}: Accept wildcard characters is {docs.AcceptsWildcards} in docs, but [SupportsWildcards] is {(code.SupportsWildcards ? "present" : "absent")} in code.");
        }
    }

    private static void CompareAcrossSets<T>(string name, string what, IEnumerable<T> codeValues, T docsValue, List<string> problems)
    {
        T[] distinct = codeValues.Distinct().ToArray();
        if (distinct.Length != 1)
        {
            problems.Add($"{name}: {what} differs between its parameter sets in code ({string.Join(", ", distinct)}); one yaml block cannot say that.");
            return;
        }
        if (!EqualityComparer<T>.Default.Equals(distinct[0], docsValue))
        {
            problems.Add($"{name}: {what} is {Show(docsValue)} in docs, {Show(distinct[0])} in code.");
        }
    }

    private static string Show<T>(T value) => value is null ? "Named" : value.ToString()!;

    private static void CompareParameterSets(CmdletMetadata code, CommandHelp docs, List<string> problems)
    {
        string[] codeSets = code.Parameters.Where(p => !p.IsHidden)
            .SelectMany(p => p.Sets.Select(s => s.Name))
            .Where(s => s != AllParameterSets)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(s => s, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        string[] docsSets = docs.Syntax.Select(s => s.ParameterSetName)
            .Where(s => s != SyntaxItemHelp.AllParameterSets)
            .OrderBy(s => s, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        if (!codeSets.SequenceEqual(docsSets, StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"## SYNTAX has parameter sets '{string.Join(", ", docsSets)}', the code '{string.Join(", ", codeSets)}'.");
        }

        SyntaxItemHelp? documentedDefault = docs.Syntax.FirstOrDefault(s => s.IsDefault);
        if (code.DefaultParameterSetName is not null && codeSets.Length > 1 &&
            !string.Equals(documentedDefault?.ParameterSetName, code.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"## SYNTAX marks '{documentedDefault?.ParameterSetName ?? "no set"}' as (Default); the code's DefaultParameterSetName is '{code.DefaultParameterSetName}'.");
        }
    }
}
