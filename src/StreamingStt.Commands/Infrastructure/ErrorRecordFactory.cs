// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Management.Automation;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// Turns engine failures into ErrorRecords: id = <see cref="SttException.ErrorId"/>, a specific
    /// category per <see cref="SttErrorKind"/>, target = <see cref="SttException.Target"/>, and the
    /// engine's hint as ErrorDetails.RecommendedAction. Messages come from the engine, which never
    /// puts keys or tokens in them; the engine option names in them become parameter names (<see cref="CmdletParameterNames"/>).
    /// </summary>
    internal static class ErrorRecordFactory
    {
        public static ErrorRecord FromSttException(SttException exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            return Create(exception, exception.ErrorId, CategoryFor(exception.Kind), exception.Target, exception.RecommendedAction);
        }

        /// <summary>An SttException raised by the cmdlet layer itself, as an ErrorRecord.</summary>
        public static ErrorRecord FromKind(SttErrorKind kind, string message, object? target, string? recommendedAction = null)
        {
            var exception = new SttException(kind, message, target?.ToString()) { RecommendedAction = recommendedAction };
            return Create(exception, exception.ErrorId, CategoryFor(kind), target, recommendedAction);
        }

        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string? recommendedAction = null)
        {
            // Engine messages name engine options; the user of a cmdlet reads its parameters instead.
            if (exception is SttException engineError) exception = CmdletParameterNames.InCmdletTerms(engineError);
            recommendedAction = CmdletParameterNames.Translate(recommendedAction);
            var record = new ErrorRecord(exception, errorId, category, target);
            if (!string.IsNullOrEmpty(recommendedAction))
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            }
            return record;
        }

        /// <summary>
        /// True for failures that would fail every other file of the same command as well
        /// (credentials, options, an insecure endpoint, a refused parameter or an exhausted account):
        /// those end the whole command. Every other session failure concerns one file and lets a
        /// batch continue.
        /// </summary>
        public static bool EndsCommand(SttErrorKind kind)
        {
            switch (kind)
            {
                case SttErrorKind.ApiKeyMissing:
                case SttErrorKind.OptionInvalid:
                case SttErrorKind.ProviderAuthenticationFailed:
                case SttErrorKind.TransportEndpointInsecure:
                case SttErrorKind.ProviderRejectedRequest:
                case SttErrorKind.ProviderQuotaExceeded:
                    return true;
                default:
                    return false;
            }
        }

        public static ErrorCategory CategoryFor(SttErrorKind kind)
        {
            switch (kind)
            {
                case SttErrorKind.ApiKeyMissing: return ErrorCategory.InvalidArgument;
                case SttErrorKind.OptionInvalid: return ErrorCategory.InvalidArgument;
                case SttErrorKind.AudioFileNotFound: return ErrorCategory.ObjectNotFound;
                case SttErrorKind.AudioFormatNotSupported: return ErrorCategory.InvalidData;
                case SttErrorKind.AudioFileCorrupt: return ErrorCategory.InvalidData;
                case SttErrorKind.AudioReadFailed: return ErrorCategory.ReadError;
                case SttErrorKind.AudioDeviceUnavailable: return ErrorCategory.DeviceError;
                case SttErrorKind.AudioDeviceNotFound: return ErrorCategory.ObjectNotFound;
                case SttErrorKind.TransportEndpointInsecure: return ErrorCategory.SecurityError;
                case SttErrorKind.TransportMessageTooLarge: return ErrorCategory.ProtocolError;
                case SttErrorKind.ProviderConnectionFailed: return ErrorCategory.ConnectionError;
                case SttErrorKind.ProviderConnectionLost: return ErrorCategory.ConnectionError;
                case SttErrorKind.ProviderTimeout: return ErrorCategory.OperationTimeout;
                case SttErrorKind.ProviderAuthenticationFailed: return ErrorCategory.AuthenticationError;
                case SttErrorKind.ProviderConcurrencyLimitExceeded: return ErrorCategory.QuotaExceeded;
                case SttErrorKind.ProviderQuotaExceeded: return ErrorCategory.QuotaExceeded;
                case SttErrorKind.ProviderRejectedRequest: return ErrorCategory.InvalidArgument;
                case SttErrorKind.ProviderAudioDurationInvalid: return ErrorCategory.InvalidData;
                case SttErrorKind.ProviderAudioRateExceeded: return ErrorCategory.LimitsExceeded;
                case SttErrorKind.ProviderInvalidMessage: return ErrorCategory.ProtocolError;
                case SttErrorKind.ProviderSessionExpired: return ErrorCategory.LimitsExceeded;
                case SttErrorKind.ProviderServerError: return ErrorCategory.ResourceUnavailable;
                case SttErrorKind.ProviderProtocolError: return ErrorCategory.ProtocolError;
                case SttErrorKind.ProviderError: return ErrorCategory.NotSpecified;
                case SttErrorKind.TokenRequestFailed: return ErrorCategory.ConnectionError;
                case SttErrorKind.ProviderAudioNotDecodable: return ErrorCategory.InvalidData;
                case SttErrorKind.ProviderIdleTimeout: return ErrorCategory.OperationTimeout;
                case SttErrorKind.ProviderStalled: return ErrorCategory.OperationTimeout;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
