// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.AssemblyAI;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    // Inputs: resolving -Path / -LiteralPath and opening files, microphones and streams.
    public sealed partial class StartSttSessionCommand
    {
        private IEnumerable<string> ResolveFiles(string input, bool literal)
        {
            var files = new List<string>();
            try
            {
                if (literal)
                {
                    string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _);
                    if (IsFileSystem(provider)) files.Add(file);
                    else WriteNotOnFileSystem(input);
                }
                else
                {
                    Collection<string> resolved = GetResolvedProviderPathFromPSPath(input, out ProviderInfo provider);
                    if (!IsFileSystem(provider)) WriteNotOnFileSystem(input);
                    else if (resolved.Count == 0) WriteFileNotFound(input, wildcard: true);
                    else files.AddRange(resolved);
                }
            }
            catch (SessionStateException)
            {
                // ItemNotFound, DriveNotFound, ProviderNotFound: one bad input, the batch goes on.
                WriteFileNotFound(input, wildcard: !literal);
            }
            catch (WildcardPatternException)
            {
                // An unbalanced '[' (take[1.wav): not a pattern, and no file by that reading either.
                WriteFileNotFound(input, wildcard: true);
            }
            return files;
        }

        private static bool IsFileSystem(ProviderInfo? provider) =>
            provider is not null && string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private void WriteFileNotFound(string input, bool wildcard)
        {
            // -Path reads [ and ] as a wildcard range, so 'take [1].wav' matches 'take 1.wav', never itself.
            if (wildcard && input.IndexOf('[') >= 0)
            {
                string literal = "Start-SttSession -LiteralPath '" + input.Replace("'", "''") + "'";
                string message = ExistsLiterally(input)
                    ? "No file matches the pattern '{0}', but a file with exactly that name exists: -Path reads '[' and ']' as wildcard characters. Use -LiteralPath for names that contain them."
                    : "Cannot find the audio file '{0}'. -Path reads '[' and ']' as wildcard characters; if they are part of the file name, use -LiteralPath.";
                WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                    string.Format(CultureInfo.CurrentCulture, message, input), input, literal));
                return;
            }
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "Cannot find the audio file '{0}'.", input), input));
        }

        private bool ExistsLiterally(string input)
        {
            try
            {
                string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _);
                return IsFileSystem(provider) && System.IO.File.Exists(file);
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ArgumentException || ex is NotSupportedException || ex is System.IO.IOException)
            {
                return false;
            }
        }

        private static Uri DefaultEndpoint(SttProvider provider) =>
            provider == SttProvider.Deepgram ? DeepgramProtocol.DefaultEndpoint
            : provider == SttProvider.Speechmatics ? SpeechmaticsProtocol.EuEndpoint
            : AssemblyAIProtocol.DefaultEndpoint;

        private void WriteNotOnFileSystem(string input) =>
            WriteError(ErrorRecordFactory.FromKind(SttErrorKind.AudioFileNotFound,
                string.Format(CultureInfo.CurrentCulture, "'{0}' is not a file system path; audio files must be on the FileSystem provider.", input), input));

        /// <summary>Opens the source and creates its session; reports and returns null when that fails.</summary>
        private SttSession? CreateSession(Func<IAudioSource> open, bool failureEndsCommand)
        {
            IAudioSource? source;
            try
            {
                source = open();
            }
            catch (SttException ex)
            {
                // Whatever is wrong with this file, the next one may be fine; a missing microphone ends the command.
                if (failureEndsCommand) ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
                WriteError(ErrorRecordFactory.FromSttException(ex));
                return null;
            }

            try
            {
                var session = new SttSession(source, BuildOptions());
                source = null; // the session owns it now
                return session;
            }
            catch (SttException ex)
            {
                source?.Dispose();
                Report(ex);
                return null;
            }
        }

        /// <summary>Writes a session failure: terminating when it would fail every other file too, else non-terminating.</summary>
        private void Report(SttException ex)
        {
            ErrorRecord record = ErrorRecordFactory.FromSttException(ex);
            if (ErrorRecordFactory.EndsCommand(ex.Kind)) ThrowTerminatingError(record);
            else WriteError(record);
        }

        // WAV by our own reader; anything else (MP3, FLAC, Ogg, M4A, video) through ffmpeg.
        private IAudioSource OpenFile(string file) =>
            AudioFileOpener.Open(file, new StreamingStt.Engine.Audio.Ffmpeg.FfmpegOptions { ExecutablePath = FfmpegPath });

        private IAudioSource OpenMicrophone(string? device)
        {
            var microphone = new StreamingStt.Engine.Audio.Capture.MicrophoneOptions
            {
                BufferDuration = CaptureBuffer,
                PreferredSampleRate = SampleRate,
            };
            StreamingStt.Engine.Audio.Capture.MicrophoneAudioSource source = StreamingStt.Engine.Audio.Capture.AudioCapture.Open(device, microphone);
            WriteVerbose(string.Format(CultureInfo.CurrentCulture, "Capturing from '{0}' ({1}, {2}) at {3}.", source.Device.Name, source.Device.Backend, source.Device.Id, source.Format));
            return source;
        }

        private AudioFormat InputFormat() => new AudioFormat(InputSampleRate, InputChannels, InputEncoding);
    }
}
