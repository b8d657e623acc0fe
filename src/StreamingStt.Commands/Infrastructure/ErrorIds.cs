// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Error ids raised by the cmdlet layer. Engine failures use "Stt" + <see cref="SttErrorKind"/>
    /// (see <see cref="SttException.ErrorId"/>); the ids below are the ones only cmdlets raise, plus
    /// the engine kinds the cmdlets raise themselves (path resolution, no audio input). Once shipped,
    /// an id's meaning is frozen.
    /// </summary>
    internal static class ErrorIds
    {
        /// <summary>No SttJob matches an explicit -Id, -Name or -InstanceId (ObjectNotFound).</summary>
        public const string SessionNotFound = "SttSessionNotFound";

        /// <summary>Remove-SttSession on a running session without -Force (InvalidOperation).</summary>
        public const string SessionStillRunning = "SttSessionStillRunning";

        /// <summary>Stop-SttSession on a session that already ended (InvalidOperation).</summary>
        public const string SessionNotRunning = "SttSessionNotRunning";

        /// <summary>Set-SttSession or Complete-SttTurn on a session that is connecting or stopping (InvalidOperation).</summary>
        public const string SessionNotStreaming = "SttSessionNotStreaming";

        /// <summary>A job's session did not end even when cancelled; the job was stopped without it (OperationTimeout).</summary>
        public const string SessionNotEnded = "SttSessionNotEnded";

        /// <summary>An exception the engine did not classify (a bug); the job records it.</summary>
        public const string ProviderError = "Stt" + nameof(SttErrorKind.ProviderError);

        /// <summary>Export-SttSubtitle -NoClobber and the file exists (ResourceExists).</summary>
        public const string SubtitleFileExists = "SttSubtitleFileExists";

        /// <summary>Export-SttSubtitle -OutputFolder names a folder that does not exist (ObjectNotFound).</summary>
        public const string SubtitleFolderNotFound = "SttSubtitleFolderNotFound";

        /// <summary>Export-SttSubtitle -Path got turns of more than one Source (InvalidArgument).</summary>
        public const string SubtitleSeveralSources = "SttSubtitleSeveralSources";

        /// <summary>Two sources of one Export-SttSubtitle -OutputFolder would get the same file name (ResourceExists).</summary>
        public const string SubtitleFileNameTaken = "SttSubtitleFileNameTaken";

        /// <summary>Export-SttSubtitle could not write a file: I/O error, access denied, read-only without -Force (WriteError).</summary>
        public const string SubtitleWriteFailed = "SttSubtitleWriteFailed";
    }
}
