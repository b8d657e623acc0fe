// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using StreamingStt.Engine.Providers.AssemblyAI;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>Completes -Name / -Session with the names of this runspace's StreamingStt sessions.</summary>
    public sealed class SttSessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            Runspace? current = Runspace.DefaultRunspace;
            IEnumerable<string> names = SttJobTracker.Snapshot()
                .Where(job => current is null || job.OwnerRunspace is null || ReferenceEquals(job.OwnerRunspace, current))
                .Select(job => job.Name)
                .Where(name => !string.IsNullOrEmpty(name))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase);
            return CompletionHelper.Complete(names, wordToComplete);
        }
    }

    /// <summary>Completes -SpeechModel with the chosen provider's streaming models (other values are still accepted).</summary>
    public sealed class SpeechModelCompleter : IArgumentCompleter
    {
        /// <summary>Known AssemblyAI models; the service may accept newer ones.</summary>
        internal static readonly string[] Models =
        {
            AssemblyAIOptions.DefaultSpeechModel,
            "universal-streaming-english",
            "universal-streaming-multilingual",
            "whisper-rt",
        };

        internal static readonly string[] DeepgramModels =
        {
            "nova-3", "nova-3-general", "nova-3-medical", "nova-2", "nova-2-general", "nova-2-meeting", "nova-2-phonecall",
            "nova-2-finance", "nova-2-conversationalai", "nova-2-voicemail", "nova-2-video", "nova-2-medical", "nova-2-drivethru",
            "nova-2-automotive", "nova", "enhanced", "base",
        };

        internal static readonly string[] SpeechmaticsModels = { "standard", "enhanced", "melia-1" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string provider = fakeBoundParameters?["Provider"]?.ToString() ?? DefaultValue(commandName, "Provider") ?? string.Empty;
            string[] models =
                provider.Equals(nameof(SttProvider.Deepgram), System.StringComparison.OrdinalIgnoreCase) ? DeepgramModels :
                provider.Equals(nameof(SttProvider.Speechmatics), System.StringComparison.OrdinalIgnoreCase) ? SpeechmaticsModels :
                Models;
            return CompletionHelper.Complete(models, wordToComplete);
        }

        /// <summary>
        /// The value $PSDefaultParameterValues gives the parameter of this command ("Start-SttSession:Provider",
        /// "*-Stt*:Provider"), so completion offers what the command will run with. Script-block values are
        /// not run here; a disabled or missing table gives null.
        /// </summary>
        private static string? DefaultValue(string commandName, string parameterName)
        {
            if (string.IsNullOrEmpty(commandName)) return null;
            object? table = null;
            try
            {
                // A nested pipeline on the completing thread: SessionStateProxy refuses while TabExpansion2 runs.
                using var powerShell = PowerShell.Create(RunspaceMode.CurrentRunspace);
                powerShell.AddCommand("Get-Variable").AddParameter("Name", "PSDefaultParameterValues").AddParameter("ValueOnly");
                table = powerShell.Invoke().FirstOrDefault();
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is RuntimeException)
            {
                return null; // no usable runspace here: complete without defaults
            }
            if (PSObject.AsPSObject(table).BaseObject is not IDictionary defaults) return null;
            if (defaults["Disabled"] is object disabled && LanguagePrimitives.IsTrue(disabled)) return null;

            foreach (DictionaryEntry entry in defaults)
            {
                if (entry.Key is not string key) continue;
                int colon = key.IndexOf(':');
                if (colon <= 0) continue;
                string commandPattern = key.Substring(0, colon).Trim();
                string parameterPattern = key.Substring(colon + 1).Trim();
                if (!new WildcardPattern(commandPattern, WildcardOptions.IgnoreCase).IsMatch(commandName)) continue;
                if (!new WildcardPattern(parameterPattern, WildcardOptions.IgnoreCase).IsMatch(parameterName)) continue;
                object? value = PSObject.AsPSObject(entry.Value).BaseObject;
                if (value is null || value is ScriptBlock) continue;
                return value.ToString();
            }
            return null;
        }
    }

    /// <summary>Completes -Device with the names of the capture devices present now.</summary>
    public sealed class AudioDeviceCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IReadOnlyList<AudioDevice> devices;
            try
            {
                devices = StreamingStt.Engine.Audio.Capture.AudioCapture.ListDevices();
            }
            catch (StreamingStt.SttException)
            {
                // No capture API here: nothing to offer, and completion must never throw.
                return Enumerable.Empty<CompletionResult>();
            }
            return CompletionHelper.Complete(devices.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase), wordToComplete);
        }
    }

    internal static class CompletionHelper
    {
        public static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string? wordToComplete)
        {
            string word = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            foreach (string value in values)
            {
                if (!pattern.IsMatch(value)) continue;
                string text = NeedsQuotes(value) ? "'" + value.Replace("'", "''") + "'" : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, value);
            }
        }

        private static bool NeedsQuotes(string value)
        {
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c) || "'\"`$;,(){}[]@#|&<>".IndexOf(c) >= 0) return true;
            }
            return false;
        }
    }
}
