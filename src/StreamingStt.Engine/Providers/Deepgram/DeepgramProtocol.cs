// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text.Json;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.Deepgram
{
    /// <summary>
    /// Deepgram live streaming (wss://api.deepgram.com/v1/listen), pure: the URL and auth header,
    /// the client messages, the meaning of every server message and close code. See protocols.md §2.
    /// </summary>
    /// <remarks>
    /// Deepgram sends no "session began" message. The session id is the request id: the upgrade's
    /// dg-request-id header, repeated as metadata.request_id in every Results and as request_id in
    /// Metadata. The transport does not expose a successful upgrade's headers, so the session is
    /// announced (ProviderSessionBegan) when the first message carrying that id arrives.
    /// </remarks>
    internal sealed class DeepgramProtocol : ISttProtocol
    {
        public static readonly Uri DefaultEndpoint = new Uri("wss://api.deepgram.com/v1/listen");

        private const string KeyHint = "Check " + EngineOptionNames.SessionCredential + " or $env:DEEPGRAM_API_KEY; a temporary token must be used before it expires.";

        private readonly DeepgramOptions _options;
        private readonly int _sampleRate;
        private readonly OutputEncoding _encoding;
        private readonly DeepgramTurnAssembler _turns;
        private bool _sessionAnnounced;
        private bool _stopSent;

        public DeepgramProtocol(DeepgramOptions options, int sampleRate, OutputEncoding encoding)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            DeepgramQuery.Validate(options, sampleRate);
            _sampleRate = sampleRate;
            _encoding = encoding;
            IsFormatted = options.Punctuate == true || options.SmartFormat == true;
            _turns = new DeepgramTurnAssembler(IsFormatted, options.Language?.Trim());
        }

        public SttProvider Provider => SttProvider.Deepgram;

        /// <summary>No hello message exists: audio may flow as soon as the socket is open.</summary>
        public bool WaitsForSessionBegan => false;

        /// <summary>Whether turns are punctuated and cased: punctuate or smart_format was requested (fixed for the session).</summary>
        public bool IsFormatted { get; }

        public Uri BaseEndpoint => _options.Endpoint ?? DefaultEndpoint;

        /// <summary>Checks every option against the documented values; throws SttException OptionInvalid.</summary>
        public static void Validate(DeepgramOptions options, int sampleRate) => DeepgramQuery.Validate(options, sampleRate);

        public WebSocketConnectionOptions CreateConnection(SttCredential credential)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            var connection = new WebSocketConnectionOptions(ProviderQuery.Append(BaseEndpoint, DeepgramQuery.Build(_options, _sampleRate, _encoding)));
            // API keys use the Token scheme; temporary tokens from /v1/auth/grant are JWTs sent as Bearer.
            connection.Headers.Add(new KeyValuePair<string, string>("Authorization",
                (credential.IsTemporaryToken ? "Bearer " : "Token ") + credential.Secret));
            connection.Headers.Add(new KeyValuePair<string, string>("User-Agent", UserAgent.Value));
            return connection;
        }

        public string? CreateStartMessage() => null;

        /// <summary>CloseStream: the service finishes the audio it has, sends the last Results, then Metadata, then closes 1000.</summary>
        public string CreateStopMessage(long framesSent)
        {
            _stopSent = true;
            return "{\"type\":\"CloseStream\"}";
        }

        /// <summary>Must be a text frame: Deepgram would take a binary one for audio.</summary>
        public string? CreateKeepAliveMessage() => "{\"type\":\"KeepAlive\"}";

        /// <summary>Finalize: the service flushes what it has heard as a from_finalize result, which ends the turn.</summary>
        public string? CreateForceEndpointMessage() => "{\"type\":\"Finalize\"}";

        /// <summary>/v1/listen cannot change settings mid-session.</summary>
        public string? CreateConfigurationUpdateMessage(SessionConfigurationUpdate update) => null;

        // A field of another type or a number out of range is the provider's mistake, not ours: a protocol error.
        public void Parse(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output) =>
            ProviderJson.ParseGuarded(this, "Deepgram", message, receivedAt, output,
                static (protocol, text, at, parsed) => protocol.ParseMessage(text, at, parsed));

        private void ParseMessage(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            if (!ProviderJson.TryParse("Deepgram", message, output, out JsonDocument document)) return;

            using (document)
            {
                JsonElement root = document.RootElement;
                string? type = DeepgramJson.GetString(root, "type");
                if (type is null)
                {
                    output.Add(new ProviderError(ProtocolError("Deepgram sent a message without a type", message), isFatal: false));
                    return;
                }

                switch (type)
                {
                    case "Results":
                        if (DeepgramJson.GetObject(root, "metadata") is JsonElement metadata) AnnounceSession(DeepgramJson.GetString(metadata, "request_id"), output);
                        ParseResults(root, receivedAt, output);
                        break;
                    case "UtteranceEnd":
                        // Often follows a speech_final that already ended the turn: then there is nothing to end.
                        _turns.EndTurn(receivedAt, output);
                        break;
                    case "SpeechStarted":
                        output.Add(new ProviderSpeechStarted(DeepgramJson.Seconds(DeepgramJson.GetDouble(root, "timestamp") ?? 0)));
                        break;
                    case "Metadata":
                        AnnounceSession(DeepgramJson.GetString(root, "request_id"), output);
                        // The service has finished the stream: final text still open is the whole turn.
                        _turns.EndTurn(receivedAt, output);
                        double? duration = DeepgramJson.GetDouble(root, "duration");
                        if (_stopSent)
                        {
                            output.Add(new ProviderSessionTerminated(duration.HasValue ? DeepgramJson.Seconds(duration.Value) : (TimeSpan?)null, null));
                        }
                        else
                        {
                            // Not an answer to CloseStream (e.g. ahead of an idle close): the close frame that follows tells why.
                            output.Add(new ProviderInfo("Deepgram sent Metadata before the stream was closed; waiting for its close frame."));
                        }
                        break;
                    default:
                        output.Add(new ProviderInfo($"Deepgram message '{type}' ignored."));
                        break;
                }
            }
        }

        private void AnnounceSession(string? requestId, IList<ProviderMessage> output)
        {
            if (_sessionAnnounced || string.IsNullOrEmpty(requestId)) return;
            _sessionAnnounced = true;
            output.Add(new ProviderSessionBegan(requestId!, expiresAt: null));
        }

        private void ParseResults(JsonElement root, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            bool isFinal = DeepgramJson.GetBool(root, "is_final") ?? false;
            DeepgramSegment segment = DeepgramSegment.FromResults(root, isFinal);
            if (!isFinal)
            {
                _turns.OnInterim(segment, receivedAt, output);
                return;
            }
            bool endsTurn = (DeepgramJson.GetBool(root, "speech_final") ?? false) || (DeepgramJson.GetBool(root, "from_finalize") ?? false);
            _turns.OnFinal(segment, endsTurn, receivedAt, output);
        }

        /// <summary>The session is ending: final text not yet ended becomes the turn's end.</summary>
        public void Flush(DateTimeOffset receivedAt, IList<ProviderMessage> output) => _turns.EndTurn(receivedAt, output);

        public SttException? DescribeClose(int? status, string? reason, bool stopRequested)
        {
            if (status is null)
            {
                return new SttException(SttErrorKind.ProviderConnectionLost, "Deepgram closed the connection without a close status.", "Deepgram");
            }
            if (status == 1000 || status == 1001 && stopRequested)
            {
                return null;
            }
            return DescribeCode(status.Value, reason);
        }

        /// <summary>What each close code (and Deepgram's error id in the reason) means for the user (protocols.md §2.7).</summary>
        public static SttException DescribeCode(int code, string? reason)
        {
            string text = string.IsNullOrWhiteSpace(reason) ? string.Empty : reason!.Trim();
            // Reasons read "… See https://dpgr.am/net0001" or carry the id itself ("NET-0001"): match both spellings.
            string id = text.Replace("-", string.Empty).ToLowerInvariant();
            SttException Make(SttErrorKind kind, string what, string? action = null) =>
                new SttException(kind, text.Length == 0 ? $"Deepgram: {what} (close {code})." : $"Deepgram: {what} (close {code}): {text}", "Deepgram")
                {
                    ProviderCode = code,
                    ProviderReason = text.Length == 0 ? null : text,
                    RecommendedAction = action,
                };

            if (code == 1008 && id.Contains("data0000"))
            {
                return Make(SttErrorKind.ProviderAudioNotDecodable, "the audio could not be decoded as declared (DATA-0000)",
                    "Make sure the audio matches " + EngineOptionNames.SessionEncoding + " and " + EngineOptionNames.SessionSampleRate + "; StreamingStt sends mono linear16 or mulaw.");
            }
            if (code == 1011 && id.Contains("net0001"))
            {
                return Make(SttErrorKind.ProviderIdleTimeout, "no audio or KeepAlive arrived for about 10 seconds (NET-0001)",
                    "Keep audio flowing; StreamingStt sends KeepAlive while a source stalls, so check that the source is still delivering audio.");
            }
            if (code == 1011 && id.Contains("net0000"))
            {
                return Make(SttErrorKind.ProviderServerError, "the service produced no result in time (NET-0000)", "Retry the session.");
            }
            switch (code)
            {
                case 1011:
                    return Make(SttErrorKind.ProviderServerError, "the session ended on a server error", "Retry the session.");
                case 1001:
                case 1012:
                case 1013:
                    return Make(SttErrorKind.ProviderServerError, "the service is restarting or overloaded", "Retry in a moment.");
                case 1008:
                    return Make(SttErrorKind.ProviderError, "the service ended the session for a policy violation");
                default:
                    return Make(SttErrorKind.ProviderError, "the service closed the session");
            }
        }

        /// <summary>
        /// A refused upgrade: the HTTP status says what went wrong, the dg-error header how, and
        /// dg-request-id identifies the attempt for Deepgram support.
        /// </summary>
        public SttException DescribeConnectFailure(SttException failure)
        {
            if (failure is null) throw new ArgumentNullException(nameof(failure));
            string? dgError = Header(failure, "dg-error");
            string? requestId = Header(failure, "dg-request-id");
            string detail = (dgError is null ? string.Empty : ": " + dgError.TrimEnd('.') + ".")
                + (requestId is null ? string.Empty : $" (request id {requestId})");
            int? status = failure.ProviderCode;
            SttException Make(SttErrorKind kind, string what, string? action = null) =>
                new SttException(kind, $"Deepgram {what} (HTTP {status}){detail}", failure.Target, failure)
                {
                    ProviderCode = status,
                    ProviderReason = dgError,
                    ResponseHeaders = failure.ResponseHeaders,
                    RecommendedAction = action,
                };

            switch (ProviderHttpStatus.ClassifyDeepgramUpgrade(status))
            {
                case SttErrorKind.ProviderRejectedRequest:
                    return Make(SttErrorKind.ProviderRejectedRequest, "refused the session parameters",
                        "Check " + EngineOptionNames.DeepgramModel + ", " + EngineOptionNames.DeepgramLanguage + " and the other Deepgram options the message names.");
                case SttErrorKind.ProviderAuthenticationFailed:
                    // 403: the key is valid but not for this model or feature.
                    return Make(SttErrorKind.ProviderAuthenticationFailed,
                        status == 403 ? "does not allow this key to use the requested model or feature" : "refused the API key or token", KeyHint);
                case SttErrorKind.ProviderQuotaExceeded:
                    return Make(SttErrorKind.ProviderQuotaExceeded, "refused the session: the account has insufficient credits", "Check the account balance.");
                case SttErrorKind.ProviderConcurrencyLimitExceeded:
                    return Make(SttErrorKind.ProviderConcurrencyLimitExceeded, "refused the session: too many concurrent requests", "Wait and retry, or run fewer sessions at once.");
                case SttErrorKind.ProviderServerError:
                    return Make(SttErrorKind.ProviderServerError, "is unavailable", "Retry later.");
                default:
                    if (detail.Length == 0) return failure;
                    return new SttException(failure.Kind, failure.Message.TrimEnd('.') + detail, failure.Target, failure)
                    {
                        ProviderCode = status,
                        ProviderReason = dgError,
                        ResponseHeaders = failure.ResponseHeaders,
                        RecommendedAction = failure.RecommendedAction,
                    };
            }
        }

        private static string? Header(SttException failure, string name)
        {
            if (failure.ResponseHeaders is null) return null;
            foreach (KeyValuePair<string, string> header in failure.ResponseHeaders)
            {
                if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(header.Value))
                {
                    return header.Value.Trim();
                }
            }
            return null;
        }

        private static SttException ProtocolError(string what, string message) => ProtocolErrors.Malformed("Deepgram", what, message);
    }
}
