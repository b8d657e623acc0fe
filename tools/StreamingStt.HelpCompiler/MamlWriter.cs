// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace StreamingStt.HelpCompiler
{
    /// <summary>
    /// Writes <see cref="CommandHelp"/> as the MAML that PowerShell's Get-Help reads from
    /// en-US/&lt;assembly&gt;-Help.xml, with the elements, attributes and order platyPS's
    /// New-ExternalHelp produces, so the result reads the same in Windows PowerShell 5.1 and 7.
    /// </summary>
    public static class MamlWriter
    {
        public static readonly XNamespace MshNamespace = "http://msh";
        public static readonly XNamespace MamlNamespace = "http://schemas.microsoft.com/maml/2004/10";
        public static readonly XNamespace CommandNamespace = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public static readonly XNamespace DevNamespace = "http://schemas.microsoft.com/maml/dev/2004/10";
        public static readonly XNamespace MsHelpNamespace = "http://msdn.microsoft.com/mshelp";

        private const int ExampleTitleWidth = 64;
        private const int MinimumTitleDashes = 4;

        public static XDocument ToDocument(IEnumerable<CommandHelp> commands) =>
            new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(MshNamespace + "helpItems",
                    new XAttribute("schema", "maml"),
                    commands.Select(CreateCommand)));

        /// <summary>UTF-8 with a byte order mark, "\n" line ends: the same bytes on every OS.</summary>
        public static void Save(XDocument document, string path)
        {
            var settings = new XmlWriterSettings
            {
                Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
                Indent = true,
                IndentChars = "  ",
                NewLineChars = "\n",
                NewLineHandling = NewLineHandling.Replace,
                NamespaceHandling = NamespaceHandling.OmitDuplicates,
            };
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            using var writer = XmlWriter.Create(stream, settings);
            document.Save(writer);
        }

        /// <summary>
        /// "Example 1: Title" becomes "------- Example 1: Title -------", padded to 64 characters as
        /// platyPS does; long titles keep a few dashes so every example still stands out.
        /// </summary>
        public static string PadExampleTitle(string title)
        {
            int dashes = Math.Max(MinimumTitleDashes, (ExampleTitleWidth - title.Length - 2) / 2);
            string padding = new string('-', dashes);
            return $"{padding} {title} {padding}";
        }

        private static XElement CreateCommand(CommandHelp command) =>
            new XElement(CommandNamespace + "command",
                new XAttribute(XNamespace.Xmlns + "maml", MamlNamespace),
                new XAttribute(XNamespace.Xmlns + "command", CommandNamespace),
                new XAttribute(XNamespace.Xmlns + "dev", DevNamespace),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelpNamespace),
                new XElement(CommandNamespace + "details",
                    new XElement(CommandNamespace + "name", command.Name),
                    new XElement(CommandNamespace + "verb", command.Verb),
                    new XElement(CommandNamespace + "noun", command.Noun),
                    new XElement(MamlNamespace + "description", Paragraphs(command.Synopsis))),
                new XElement(MamlNamespace + "description", Paragraphs(command.Description)),
                new XElement(CommandNamespace + "syntax", command.Syntax.Select(item => CreateSyntaxItem(command, item))),
                new XElement(CommandNamespace + "parameters", command.Parameters.Select(p => CreateParameter(p, inSyntax: false))),
                new XElement(CommandNamespace + "inputTypes", command.Inputs.Select(t => CreateType(CommandNamespace + "inputType", t))),
                new XElement(CommandNamespace + "returnValues", command.Outputs.Select(t => CreateType(CommandNamespace + "returnValue", t))),
                new XElement(MamlNamespace + "alertSet",
                    new XElement(MamlNamespace + "alert", Paragraphs(command.Notes))),
                new XElement(CommandNamespace + "examples", command.Examples.Select(CreateExample)),
                new XElement(CommandNamespace + "relatedLinks", command.RelatedLinks.Select(CreateLink)));

        private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) =>
            paragraphs.Select(text => new XElement(MamlNamespace + "para", text));

        /// <summary>The parameters in the order the syntax block shows them, which is the order Get-Help prints.</summary>
        private static XElement CreateSyntaxItem(CommandHelp command, SyntaxItemHelp item) =>
            new XElement(CommandNamespace + "syntaxItem",
                new XElement(MamlNamespace + "name", command.Name),
                item.Parameters.Select(usage => CreateParameter(
                    command.Parameters.First(p => string.Equals(p.Name, usage.Name, StringComparison.OrdinalIgnoreCase)),
                    inSyntax: true)));

        private static XElement CreateParameter(ParameterHelp parameter, bool inSyntax)
        {
            string typeName = parameter.IsSwitch ? "SwitchParameter" : parameter.TypeName;
            string position = parameter.Position?.ToString(CultureInfo.InvariantCulture) ?? "named";
            string defaultValue = parameter.IsSwitch && (parameter.DefaultValue is null || string.Equals(parameter.DefaultValue, "None", StringComparison.OrdinalIgnoreCase))
                ? "False"
                : parameter.DefaultValue ?? "None";

            return new XElement(CommandNamespace + "parameter",
                new XAttribute("required", Lower(parameter.IsRequired)),
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", Lower(parameter.AcceptsWildcards)),
                new XAttribute("pipelineInput", parameter.PipelineInput),
                new XAttribute("position", position),
                new XAttribute("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"),
                new XElement(MamlNamespace + "name", parameter.Name),
                new XElement(MamlNamespace + "description", Paragraphs(parameter.Description)),
                // Accepted values go in the syntax only: Get-Help prints them there as {A | B | C}.
                inSyntax && parameter.AcceptedValues.Count > 0
                    ? new XElement(CommandNamespace + "parameterValueGroup",
                        parameter.AcceptedValues.Select(value => new XElement(CommandNamespace + "parameterValue",
                            new XAttribute("required", "false"),
                            new XAttribute(CommandNamespace + "variableLength", "false"),
                            value)))
                    : null,
                // A switch has no value to show in the syntax ("[-Force]", not "[-Force <SwitchParameter>]").
                !inSyntax || !parameter.IsSwitch
                    ? new XElement(CommandNamespace + "parameterValue",
                        new XAttribute("required", Lower(!parameter.IsSwitch)),
                        new XAttribute("variableLength", "false"),
                        typeName)
                    : null,
                new XElement(DevNamespace + "type",
                    new XElement(MamlNamespace + "name", typeName),
                    new XElement(MamlNamespace + "uri")),
                new XElement(DevNamespace + "defaultValue", defaultValue));
        }

        private static XElement CreateType(XName elementName, TypeHelp type) =>
            new XElement(elementName,
                new XElement(DevNamespace + "type",
                    new XElement(MamlNamespace + "name", type.TypeName)),
                new XElement(MamlNamespace + "description", Paragraphs(type.Description)));

        private static XElement CreateExample(ExampleHelp example) =>
            new XElement(CommandNamespace + "example",
                new XElement(MamlNamespace + "title", PadExampleTitle(example.Title)),
                new XElement(DevNamespace + "code", example.Code),
                new XElement(DevNamespace + "remarks", Paragraphs(example.Remarks)));

        /// <summary>Get-Help -Online opens maml:uri, so a relative page link ("Get-SttSession.md") gets an empty one.</summary>
        private static XElement CreateLink(RelatedLinkHelp link) =>
            new XElement(MamlNamespace + "navigationLink",
                new XElement(MamlNamespace + "linkText", link.Text),
                new XElement(MamlNamespace + "uri", WebAddress.IsWebAddress(link.Target) ? link.Target : string.Empty));

        private static string Lower(bool value) => value ? "true" : "false";
    }
}
