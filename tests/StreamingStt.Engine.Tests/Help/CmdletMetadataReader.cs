// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.ObjectModel;
using System.Reflection;

namespace StreamingStt.Engine.Tests.Help;

/// <summary>
/// Reads the cmdlets and their parameters from the compiled StreamingStt.Commands.dll metadata,
/// loaded against the PowerShellStandard facade (which cannot run, but describes every attribute).
/// </summary>
public sealed class CmdletMetadataReader : IDisposable
{
    private const string AutomationNamespace = "System.Management.Automation.";
    private const string PowerShellStandardVersion = "5.1.1";
    private const string AllParameterSets = "__AllParameterSets";

    private readonly MetadataLoadContext _context;
    private readonly Assembly _commands;

    public CmdletMetadataReader()
    {
        string commandsDll = HelpTestPaths.FindCommandsDll();
        string binDirectory = Path.GetDirectoryName(commandsDll)!;
        var paths = new List<string>(Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll"))
        {
            commandsDll,
            Path.Combine(binDirectory, "StreamingStt.Engine.dll"),
            FindPowerShellStandard(),
        };
        paths.AddRange(Directory.GetFiles(binDirectory, "System.Text.Json.dll"));
        _context = new MetadataLoadContext(new PathAssemblyResolver(paths));
        _commands = _context.LoadFromAssemblyPath(commandsDll);
    }

    public void Dispose() => _context.Dispose();

    public IReadOnlyList<CmdletMetadata> ReadCmdlets()
    {
        var cmdlets = new List<CmdletMetadata>();
        foreach (Type type in _commands.GetTypes())
        {
            CustomAttributeData? cmdlet = Find(type.GetCustomAttributesData(), "CmdletAttribute");
            if (cmdlet is null) continue;
            string name = $"{cmdlet.ConstructorArguments[0].Value}-{cmdlet.ConstructorArguments[1].Value}";
            cmdlets.Add(new CmdletMetadata(
                name,
                Named<string>(cmdlet, "DefaultParameterSetName"),
                Named<bool?>(cmdlet, "SupportsShouldProcess") ?? false,
                ReadParameters(type)));
        }
        return cmdlets;
    }

    private static IReadOnlyList<CodeParameter> ReadParameters(Type cmdletType)
    {
        var parameters = new List<CodeParameter>();
        foreach (PropertyInfo property in cmdletType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            IList<CustomAttributeData> attributes = property.GetCustomAttributesData();
            var sets = attributes
                .Where(a => a.AttributeType.FullName == AutomationNamespace + "ParameterAttribute")
                .Select(a => new CodeParameterSet(
                    Named<string>(a, "ParameterSetName") ?? AllParameterSets,
                    Named<bool?>(a, "Mandatory") ?? false,
                    Named<int?>(a, "Position") is int position && position != int.MinValue ? position : null,
                    Named<bool?>(a, "ValueFromPipeline") ?? false,
                    Named<bool?>(a, "ValueFromPipelineByPropertyName") ?? false,
                    Named<bool?>(a, "DontShow") ?? false))
                .ToArray();
            if (sets.Length == 0) continue;

            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            Type valueType = type.IsArray ? type.GetElementType()! : type;
            parameters.Add(new CodeParameter(
                property.Name,
                type.Name,
                sets,
                StringArguments(Find(attributes, "AliasAttribute")) ?? Array.Empty<string>(),
                StringArguments(Find(attributes, "ValidateSetAttribute")),
                valueType.IsEnum ? EnumNames(valueType) : null,
                Find(attributes, "SupportsWildcardsAttribute") is not null));
        }
        return parameters;
    }

    /// <summary>
    /// In value order, as Enum.GetNames (and so platyPS) lists them; reference assemblies such as
    /// the PowerShellStandard facade declare the fields alphabetically.
    /// </summary>
    private static string[] EnumNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .OrderBy(f => Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture))
            .Select(f => f.Name)
            .ToArray();

    private static CustomAttributeData? Find(IEnumerable<CustomAttributeData> attributes, string shortName) =>
        attributes.FirstOrDefault(a => a.AttributeType.FullName == AutomationNamespace + shortName);

    private static T? Named<T>(CustomAttributeData attribute, string name)
    {
        foreach (CustomAttributeNamedArgument argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name) return (T?)argument.TypedValue.Value;
        }
        return default;
    }

    /// <summary>The params string[] of [Alias(...)] or [ValidateSet(...)].</summary>
    private static IReadOnlyList<string>? StringArguments(CustomAttributeData? attribute)
    {
        if (attribute is null) return null;
        var values = new List<string>();
        foreach (CustomAttributeTypedArgument argument in attribute.ConstructorArguments)
        {
            if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
            {
                values.AddRange(items.Select(i => (string)i.Value!));
            }
            else if (argument.Value is string single)
            {
                values.Add(single);
            }
        }
        return values;
    }

    private static string FindPowerShellStandard()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string sma = Path.Combine(packages, "powershellstandard.library", PowerShellStandardVersion, "lib", "netstandard2.0",
            "System.Management.Automation.dll");
        if (!File.Exists(sma)) throw new InvalidOperationException($"PowerShellStandard.Library {PowerShellStandardVersion} should be restored at {sma}.");
        return sma;
    }
}
