// Copyright (c) StreamingStt contributors. MIT License.
using System.Reflection;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Tests.Help;
using Xunit;

namespace StreamingStt.Engine.Tests.Contract
{
    /// <summary>
    /// The engine's public surface is a decision (docs/engine-api.md), not an accident: every public type and
    /// public or protected member of StreamingStt.Engine.dll, read from its metadata, must be exactly the list in
    /// PublicSurface.approved.txt. A change to the surface changes that file (and the docs) in the same commit.
    /// </summary>
    public sealed class PublicSurfaceTests
    {
        private const string ApprovedFileName = "PublicSurface.approved.txt";

        [Fact]
        public void The_engine_public_surface_is_the_approved_list()
        {
            string approvedPath = Path.Combine(HelpTestPaths.RepoRoot, "tests", "StreamingStt.Engine.Tests", "Contract", ApprovedFileName);
            IReadOnlyList<string> actual = Describe(typeof(SttSession).Assembly);
            string[] approved = File.Exists(approvedPath)
                ? File.ReadAllLines(approvedPath).Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray()
                : Array.Empty<string>();

            string[] added = actual.Except(approved, StringComparer.Ordinal).ToArray();
            string[] removed = approved.Except(actual, StringComparer.Ordinal).ToArray();
            if (added.Length == 0 && removed.Length == 0) return;

            // The whole list, ready to review and copy over the approved file.
            string receivedPath = Path.Combine(Path.GetTempPath(), "StreamingStt.PublicSurface.received.txt");
            File.WriteAllLines(receivedPath, actual);
            Assert.Fail(
                $"The engine's public surface differs from {approvedPath}.\n" +
                (added.Length > 0 ? $"Public now but not approved (make it internal, or approve it and document it in docs/engine-api.md):\n  + {string.Join("\n  + ", added)}\n" : string.Empty) +
                (removed.Length > 0 ? $"Approved but no longer public (a breaking change for C# callers):\n  - {string.Join("\n  - ", removed)}\n" : string.Empty) +
                $"The full current list is in {receivedPath}.");
        }

        [Fact]
        public void The_description_names_public_and_protected_members_but_not_internal_ones()
        {
            IReadOnlyList<string> lines = Describe(typeof(SttSession).Assembly);
            Assert.Contains("sealed class StreamingStt.Engine.Session.SttSession", lines);
            Assert.Contains(lines, line => line.StartsWith("  StreamingStt.Engine.Session.SttSession: method ", StringComparison.Ordinal) && line.Contains(" Start()", StringComparison.Ordinal));
            Assert.Contains("sealed class StreamingStt.SttException", lines);
            Assert.DoesNotContain(lines, line => line.Contains("WebSocketTransport", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, line => line.Contains("Secret", StringComparison.Ordinal));
        }

        /// <summary>One line a public type (its kind and full name), then one line a public or protected member, sorted.</summary>
        internal static IReadOnlyList<string> Describe(Assembly assembly)
        {
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var lines = new List<string>();
            foreach (Type type in assembly.GetExportedTypes())
            {
                string name = type.FullName!;
                lines.Add($"{KindOf(type)} {name}");
                if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
                    lines.Add($"  {name}: base {baseType.FullName}");
                foreach (Type implemented in type.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
                    lines.Add($"  {name}: implements {implemented.FullName ?? implemented.Name}");
                foreach (MemberInfo member in type.GetMembers(Declared))
                {
                    string? description = DescribeMember(member);
                    if (description is not null) lines.Add($"  {name}: {description}");
                }
            }
            // Sorted by the type's line, then its members, so the file reads type by type.
            return lines.Distinct().OrderBy(SortKey, StringComparer.Ordinal).ToList();
        }

        private static string SortKey(string line) =>
            line.StartsWith("  ", StringComparison.Ordinal)
                ? line.Substring(2, line.IndexOf(':') - 2) + "\u0001" + line
                : line.Substring(line.LastIndexOf(' ') + 1) + "\u0000";

        private static string KindOf(Type type) =>
            type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

        private static string? DescribeMember(MemberInfo member)
        {
            switch (member)
            {
                case ConstructorInfo constructor when IsVisible(constructor):
                    return $"constructor ({Parameters(constructor)})";
                case MethodInfo method when IsVisible(method) && !method.IsSpecialName:
                    return $"method {(method.IsStatic ? "static " : string.Empty)}{TypeName(method.ReturnType)} {method.Name}({Parameters(method)})";
                case PropertyInfo property:
                    string accessors = string.Concat(
                        property.GetMethod is { } getter && IsVisible(getter) ? " get;" : string.Empty,
                        property.SetMethod is { } setter && IsVisible(setter) ? " set;" : string.Empty);
                    return accessors.Length == 0 ? null : $"property {TypeName(property.PropertyType)} {property.Name} {{{accessors} }}";
                case FieldInfo field when (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName:
                    return field.DeclaringType!.IsEnum ? $"value {field.Name} = {field.GetRawConstantValue()}"
                        : $"field {(field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty)}{(field.IsInitOnly ? "readonly " : string.Empty)}{TypeName(field.FieldType)} {field.Name}";
                case EventInfo @event when @event.AddMethod is { } add && IsVisible(add):
                    return $"event {TypeName(@event.EventHandlerType!)} {@event.Name}";
                case Type nested when nested.IsNestedPublic || nested.IsNestedFamily:
                    return $"nested {KindOf(nested)} {nested.Name}";
                default:
                    return null;
            }
        }

        private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

        private static string Parameters(MethodBase method) =>
            string.Join(", ", method.GetParameters().Select(parameter =>
                (parameter.IsOut ? "out " : parameter.ParameterType.IsByRef ? "ref " : string.Empty) +
                (parameter.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty) +
                TypeName(parameter.ParameterType) + " " + parameter.Name + (parameter.HasDefaultValue ? " = " + (parameter.DefaultValue ?? "null") : string.Empty)));

        private static string TypeName(Type type)
        {
            if (type.IsByRef) return TypeName(type.GetElementType()!);
            if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
            if (type.IsGenericParameter) return type.Name;
            if (!type.IsGenericType) return type.FullName ?? type.Name;
            string definition = type.GetGenericTypeDefinition().FullName!;
            return definition.Substring(0, definition.IndexOf('`')) + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
        }
    }
}
