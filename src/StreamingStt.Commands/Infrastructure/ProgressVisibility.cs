// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Whether progress a command writes can be seen, decided once per command so a session that nobody watches does
    /// no progress work and no progress wake-ups. Two layers of PowerShell drop progress records, and this follows both:
    /// the command runtime drops them when the preference (-ProgressAction, else $ProgressPreference) is
    /// SilentlyContinue or Ignore; the console host (ConsoleHost) drops them when its standard output is redirected,
    /// unless it serializes its streams for a parent process (-OutputFormat xml, as `pwsh { ... }` from pwsh starts it;
    /// -EncodedCommand, which can too). Every other host (a runspace's Streams.Progress, remoting, jobs) gets them.
    /// </summary>
    internal static class ProgressVisibility
    {
        private static readonly Lazy<bool> ConsoleSerializesStreams = new Lazy<bool>(() => AsksForSerializedStreams(Environment.GetCommandLineArgs()));

        public static bool WillBeShown(PSCmdlet cmdlet)
        {
            if (cmdlet is null) throw new ArgumentNullException(nameof(cmdlet));
            if (!PreferenceShows(cmdlet)) return false;
            bool consoleHost = string.Equals(cmdlet.Host?.Name, "ConsoleHost", StringComparison.Ordinal);
            return !(consoleHost && Console.IsOutputRedirected && !ConsoleSerializesStreams.Value);
        }

        private static bool PreferenceShows(PSCmdlet cmdlet)
        {
            // -ProgressAction (PowerShell 7.4+) overrides the variable for this command, as the command runtime does.
            object? value = cmdlet.MyInvocation.BoundParameters.TryGetValue("ProgressAction", out object? bound)
                ? bound
                : cmdlet.GetVariableValue("ProgressPreference");
            if (value is null || !LanguagePrimitives.TryConvertTo(value, out ActionPreference preference)) return true;
            return preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        }

        /// <summary>
        /// pwsh's own arguments (up to -File / -Command, whose arguments are the script's) ask for -OutputFormat xml or
        /// -EncodedCommand. Switches match by prefix, as pwsh matches them.
        /// </summary>
        internal static bool AsksForSerializedStreams(string[] arguments)
        {
            for (int i = 1; i < arguments.Length; i++)
            {
                string argument = arguments[i];
                // A value of a switch, or a script file whose arguments follow: when unsure, read on (at worst the
                // progress is written for nobody, never hidden from someone).
                bool switchOnWindows = argument.Length > 0 && argument[0] == '/' && System.IO.Path.DirectorySeparatorChar == '\\';
                if (argument.Length < 2 || (argument[0] != '-' && !switchOnWindows)) continue;
                string key = argument.TrimStart('-', '/');
                if (key.Length == 0) continue;
                if (IsSwitch(key, "encodedcommand") || string.Equals(key, "ec", StringComparison.OrdinalIgnoreCase)) return true;
                if (IsSwitch(key, "file") || IsSwitch(key, "command") || string.Equals(key, "cwa", StringComparison.OrdinalIgnoreCase) ||
                    IsSwitch(key, "commandwithargs")) return false;
                if ((IsSwitch(key, "outputformat") || string.Equals(key, "of", StringComparison.OrdinalIgnoreCase)) && i + 1 < arguments.Length)
                {
                    string format = arguments[++i];
                    if (format.Length > 0 && "xml".StartsWith(format, StringComparison.OrdinalIgnoreCase)) return true;
                }
            }
            return false;
        }

        private static bool IsSwitch(string key, string name) => name.StartsWith(key, StringComparison.OrdinalIgnoreCase);
    }
}
