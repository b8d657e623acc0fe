// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Subtitles;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Writes end-of-turn turns as SRT or WebVTT files, UTF-8 without a byte order mark: one file (-Path) for the
    /// turns of one source, or one file per source in a folder (-OutputFolder). Existing files are replaced unless
    /// -NoClobber; -Force also replaces read-only files, as Out-File does.
    /// </summary>
    [Cmdlet(VerbsData.Export, "SttSubtitle", SupportsShouldProcess = true, DefaultParameterSetName = PathParameterSet)]
    public sealed class ExportSttSubtitleCommand : SubtitleCmdletBase
    {
        private const string PathParameterSet = "Path";
        private const string OutputFolderParameterSet = "OutputFolder";
        private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        #region Parameters

        /// <summary>The file to write. Its extension (.srt or .vtt) gives the format when -Format is not given.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>An existing folder that receives one file per source, named after the source file (call.wav → call.srt).</summary>
        [Parameter(Mandatory = true, ParameterSetName = OutputFolderParameterSet)]
        [ValidateNotNullOrEmpty]
        public string OutputFolder { get; set; } = string.Empty;

        /// <summary>The subtitle format: Srt or WebVtt. By default the -Path extension decides; with -OutputFolder, Srt.</summary>
        [Parameter]
        public SubtitleFormat Format { get; set; }

        /// <summary>Replaces read-only files too (the read-only attribute is restored after writing).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Never replaces an existing file: reports SttSubtitleFileExists and writes nothing there.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        #endregion

        #region Overrides

        protected override void EndProcessing()
        {
            SubtitleFormat format = ChooseFormat();
            string? folder = ParameterSetName == OutputFolderParameterSet ? ResolveFolder() : null;
            string? file = folder is null ? ResolveFileSystemPath(Path, nameof(Path)) : null;

            IReadOnlyList<SubtitleDocument> documents = BuildDocuments(format);
            if (file is not null)
            {
                if (documents.Count > 1)
                {
                    ThrowTerminatingError(ErrorRecordFactory.Create(
                        new InvalidOperationException(string.Format(CultureInfo.CurrentCulture,
                            "The turns come from {0} sources ({1}); one subtitle file holds one source's turns, so nothing was written.",
                            documents.Count, string.Join(", ", documents.Select(d => "'" + (d.Source ?? "(no source)") + "'")))),
                        ErrorIds.SubtitleSeveralSources, ErrorCategory.InvalidArgument, Path,
                        "Use -OutputFolder for a file per source, or filter the turns first: Where-Object Source -eq <source>."));
                    return;
                }
                foreach (SubtitleDocument document in documents) Write(document, file);
                return;
            }

            var taken = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (SubtitleDocument document in documents)
            {
                string target = System.IO.Path.Combine(folder!, SubtitleFileName.ForSource(document.Source, format));
                if (taken.TryGetValue(target, out string? firstSource))
                {
                    WriteError(ErrorRecordFactory.Create(
                        new InvalidOperationException(string.Format(CultureInfo.CurrentCulture,
                            "The subtitles of '{0}' would be written to '{1}', which already holds those of '{2}' from this command; they were not written.",
                            document.Source, target, firstSource)),
                        ErrorIds.SubtitleFileNameTaken, ErrorCategory.ResourceExists, document.Source,
                        "Export sources whose file names are the same to different folders, or one at a time with -Path."));
                    continue;
                }
                taken.Add(target, document.Source);
                Write(document, target);
            }
        }

        #endregion

        private SubtitleFormat ChooseFormat()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Format))) return Format;
            if (ParameterSetName == OutputFolderParameterSet) return SubtitleFormat.Srt;
            SubtitleFormat? fromExtension = SubtitleFileName.FormatOf(Path);
            if (fromExtension.HasValue) return fromExtension.Value;
            ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                string.Format(CultureInfo.CurrentCulture, "Cannot tell the subtitle format from the name '{0}': it ends neither in .srt nor in .vtt.", Path),
                Path, "Pass -Format Srt or -Format WebVtt, or name the file .srt or .vtt."));
            return default;
        }

        /// <summary>A -Path or -OutputFolder as a file-system path (relative to the current location; need not exist yet).</summary>
        private string ResolveFileSystemPath(string path, string parameterName)
        {
            string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                    string.Format(CultureInfo.CurrentCulture, "-{0} '{1}' is on the {2} drive; subtitles are written to the file system.", parameterName, path, provider.Name),
                    path));
            }
            return resolved;
        }

        private string ResolveFolder()
        {
            string folder = ResolveFileSystemPath(OutputFolder, nameof(OutputFolder));
            if (!Directory.Exists(folder))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    new DirectoryNotFoundException(string.Format(CultureInfo.CurrentCulture, "The output folder '{0}' does not exist.", folder)),
                    ErrorIds.SubtitleFolderNotFound, ErrorCategory.ObjectNotFound, OutputFolder,
                    "Create it first (New-Item -ItemType Directory), or pass an existing folder."));
            }
            return folder;
        }

        private void Write(SubtitleDocument document, string path)
        {
            string what = string.Format(CultureInfo.CurrentCulture, "Write {0} {1} cues{2}", document.CueCount, document.Format,
                document.Source is null ? string.Empty : " of '" + document.Source + "'");
            if (!ShouldProcess(path, what)) return;

            bool exists = File.Exists(path);
            if (exists && NoClobber.IsPresent)
            {
                WriteError(ErrorRecordFactory.Create(
                    new IOException(string.Format(CultureInfo.CurrentCulture, "The file '{0}' already exists; -NoClobber leaves it as it is.", path)),
                    ErrorIds.SubtitleFileExists, ErrorCategory.ResourceExists, path, "Leave out -NoClobber to replace it, or choose another path."));
                return;
            }

            FileAttributes? readOnlyAttributes = null;
            try
            {
                if (exists && Force.IsPresent)
                {
                    FileAttributes attributes = File.GetAttributes(path);
                    if ((attributes & FileAttributes.ReadOnly) != 0)
                    {
                        File.SetAttributes(path, attributes & ~FileAttributes.ReadOnly);
                        readOnlyAttributes = attributes;
                    }
                }
                // CreateNew under -NoClobber: a file that appeared since the check above is still not replaced.
                using (var stream = new FileStream(path, NoClobber.IsPresent ? FileMode.CreateNew : FileMode.Create, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(stream, Utf8WithoutBom))
                {
                    writer.Write(document.Text);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                string? action = ex is UnauthorizedAccessException && exists && !Force.IsPresent
                    ? "If the file is read-only, add -Force to replace it."
                    : null;
                WriteError(ErrorRecordFactory.Create(
                    new IOException(string.Format(CultureInfo.CurrentCulture, "Could not write the subtitles to '{0}': {1}", path, ex.Message), ex),
                    ErrorIds.SubtitleWriteFailed, ErrorCategory.WriteError, path, action));
            }
            finally
            {
                if (readOnlyAttributes.HasValue)
                {
                    try { File.SetAttributes(path, readOnlyAttributes.Value); }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        WriteWarning(string.Format(CultureInfo.CurrentCulture, "'{0}' was written but could not be made read-only again: {1}", path, ex.Message));
                    }
                }
            }
        }
    }
}
