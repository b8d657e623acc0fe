// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Linq;
using System.Text.Json;
using System.Threading;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.Speechmatics
{
    /// <summary>
    /// Speechmatics real-time v2 (wss://eu.rt.speechmatics.com/v2), pure: the URL, the auth, the
    /// client messages, and the meaning of every server message and close code. See protocols.md §3
    /// and, for turns, §4.2.
    /// </summary>
    /// <remarks>
    /// Turns: a turn ends at EndOfUtterance (always, so ForceEndpoint works without a trigger); when no
    /// end_of_utterance_silence_trigger is set it also ends at each sentence-ending punctuation mark
    /// (is_eos) in a final. There is no keep-alive message: the transport's WebSocket
    /// pings keep a silent session open. Mid-session, only MaxTurnSilence (as
    /// end_of_utterance_silence_trigger) and MaxDelay can change, in SetRecognitionConfig.
    /// </remarks>
    internal sealed class SpeechmaticsProtocol : ISttProtocol
    {
        public static readonly Uri EuEndpoint = new Uri("wss://eu.rt.speechmatics.com/v2");
        public static readonly Uri UsEndpoint = new Uri("wss://us.rt.speechmatics.com/v2");
        public static readonly Uri GlobalEndpoint = new Uri("wss://global.rt.speechmatics.com/v2");

        private readonly SpeechmaticsOptions _options;
        private readonly int _sampleRate;
        private readonly OutputEncoding _encoding;
        private readonly SpeechmaticsTurnAssembler _turns = new SpeechmaticsTurnAssembler();

        // Read on the receiver, written by UpdateConfiguration / the sender: kept as atomics.
        private long _endOfUtteranceTriggerBits;
        private long _acknowledgedFrames;
        private long _lastAcknowledgedSeqNo;
        private long _framesSent = -1;
        private SttException? _lastError;
        // An Error of a type this version does not know: the close frame that follows it says how serious it
        // is, so it is reported with the close (Speechmatics always closes after an Error).
        private SttException? _heldError;

        public SpeechmaticsProtocol(SpeechmaticsOptions options, int sampleRate, OutputEncoding encoding)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _sampleRate = sampleRate;
            _encoding = encoding;
            SpeechmaticsStartRecognition.Validate(options, sampleRate);
            EndOfUtteranceSilenceTrigger = options.EndOfUtteranceSilenceTrigger ?? 0;
        }

        public SttProvider Provider => SttProvider.Speechmatics;

        /// <summary>Audio waits for RecognitionStarted ("after receiving RecognitionStarted you can start sending audio").</summary>
        public bool WaitsForSessionBegan => true;

        /// <summary>AudioAdded acknowledgements received so far (one per audio frame the service has read).</summary>
        public long AcknowledgedFrames => Interlocked.Read(ref _acknowledgedFrames);

        /// <summary>The seq_no of the latest AudioAdded, 0 before the first.</summary>
        public long LastAcknowledgedSeqNo => Interlocked.Read(ref _lastAcknowledgedSeqNo);

        /// <summary>Seconds of silence that end a turn on the service's side; 0 = the service sends no EndOfUtterance.</summary>
        public double EndOfUtteranceSilenceTrigger
        {
            get => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _endOfUtteranceTriggerBits));
            private set => Interlocked.Exchange(ref _endOfUtteranceTriggerBits, BitConverter.DoubleToInt64Bits(value));
        }

        public Uri BaseEndpoint =>
            _options.Endpoint ?? (_options.Region == SpeechmaticsRegion.US ? UsEndpoint : _options.Region == SpeechmaticsRegion.Global ? GlobalEndpoint : EuEndpoint);

        public WebSocketConnectionOptions CreateConnection(SttCredential credential)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            Uri uri = BaseEndpoint;
            if (credential.IsTemporaryToken)
            {
                // Temporary keys go in the query, as browsers and the JS client send them; API keys stay in the header.
                var builder = new UriBuilder(uri);
                string query = builder.Query.TrimStart('?');
                builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "jwt=" + Uri.EscapeDataString(credential.Secret);
                uri = builder.Uri;
            }
            var connection = new WebSocketConnectionOptions(uri);
            if (!credential.IsTemporaryToken)
            {
                connection.Headers.Add(new KeyValuePair<string, string>("Authorization", "Bearer " + credential.Secret));
            }
            connection.Headers.Add(new KeyValuePair<string, string>("User-Agent", UserAgent.Value));
            return connection;
        }

        public string? CreateStartMessage() => SpeechmaticsStartRecognition.Create(_options, _sampleRate, _encoding);

        /// <summary>EndOfStream with last_seq_no = frames sent: the service numbers AudioAdded from 1, one per binary frame.</summary>
        public string CreateStopMessage(long framesSent)
        {
            Interlocked.Exchange(ref _framesSent, framesSent);
            return "{\"message\":\"EndOfStream\",\"last_seq_no\":" + framesSent.ToString(CultureInfo.InvariantCulture) + "}";
        }

        public string? CreateKeepAliveMessage() => null;

        public string? CreateForceEndpointMessage() => "{\"message\":\"ForceEndOfUtterance\"}";

        /// <summary>
        /// SetRecognitionConfig can change only max_delay, max_delay_mode, enable_partials and conversation_config, so
        /// of these settings MaxDelay applies as it is and MaxTurnSilence becomes end_of_utterance_silence_trigger
        /// (milliseconds → seconds, 0–2 s; 0 turns EndOfUtterance off). Anything else is refused.
        /// </summary>
        public string? CreateConfigurationUpdateMessage(SessionConfigurationUpdate update)
        {
            if (update is null) throw new ArgumentNullException(nameof(update));
            string? unsupported = update.MinTurnSilence.HasValue ? "MinTurnSilence"
                : update.EndOfTurnConfidenceThreshold.HasValue ? "EndOfTurnConfidenceThreshold"
                : update.Prompt is not null ? "Prompt"
                : update.Keyterms is not null ? "Keyterms"
                : null;
            if (unsupported is not null)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"Speechmatics cannot change {unsupported} during a session; only MaxTurnSilence (its end-of-utterance silence) and MaxDelay can change.", unsupported);
            }
            if (!update.MaxTurnSilence.HasValue && !update.MaxDelay.HasValue)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "Nothing to change: give MaxTurnSilence (milliseconds of silence that end a turn) or MaxDelay.", "MaxTurnSilence");
            }
            double? seconds = update.MaxTurnSilence / 1000.0;
            if (seconds < 0 || seconds > SpeechmaticsStartRecognition.MaxEndOfUtteranceSilenceTrigger)
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"MaxTurnSilence must be 0–2000 ms for Speechmatics (end_of_utterance_silence_trigger 0–2 s); got {update.MaxTurnSilence}.", "MaxTurnSilence");
            }
            if (update.MaxDelay is double maxDelay && (double.IsNaN(maxDelay) || maxDelay < SpeechmaticsStartRecognition.MinMaxDelay || maxDelay > SpeechmaticsStartRecognition.MaxMaxDelay))
            {
                throw new SttException(SttErrorKind.OptionInvalid,
                    $"MaxDelay must be {SpeechmaticsStartRecognition.MinMaxDelay.ToString(CultureInfo.InvariantCulture)}–{SpeechmaticsStartRecognition.MaxMaxDelay.ToString(CultureInfo.InvariantCulture)} seconds for Speechmatics; got {maxDelay.ToString(CultureInfo.InvariantCulture)}.", "MaxDelay");
            }
            if (seconds.HasValue) EndOfUtteranceSilenceTrigger = seconds.Value;

            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("message", "SetRecognitionConfig");
                writer.WriteStartObject("transcription_config");
                if (update.MaxDelay.HasValue) writer.WriteNumber("max_delay", update.MaxDelay.Value);
                if (seconds.HasValue)
                {
                    writer.WriteStartObject("conversation_config");
                    writer.WriteNumber("end_of_utterance_silence_trigger", seconds.Value);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        // A field of another type or a number out of range is the provider's mistake, not ours: a protocol error.
        public void Parse(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output) =>
            ProviderJson.ParseGuarded(this, "Speechmatics", message, receivedAt, output,
                static (protocol, text, at, parsed) => protocol.ParseMessage(text, at, parsed));

        private void ParseMessage(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            // The service acknowledges every audio frame: those take the allocation-free path.
            if (TryReadAudioAdded(message)) return;
            if (!ProviderJson.TryParse("Speechmatics", message, output, out JsonDocument document)) return;

            using (document)
            {
                JsonElement root = document.RootElement;
                string? type = root.ValueKind == JsonValueKind.Object ? JsonFields.GetString(root, "message") : null;
                if (type is null)
                {
                    output.Add(new ProviderError(ProtocolError("Speechmatics sent a message without a 'message' field", message), isFatal: false));
                    return;
                }

                switch (type)
                {
                    case "AudioAdded":
                        Interlocked.Increment(ref _acknowledgedFrames);
                        if (JsonFields.TryGetInt64(root, "seq_no", out long seqNo)) Interlocked.Exchange(ref _lastAcknowledgedSeqNo, seqNo);
                        break;
                    case "RecognitionStarted":
                        ReadLanguagePack(root);
                        output.Add(new ProviderSessionBegan(JsonFields.GetString(root, "id") ?? string.Empty, null));
                        break;
                    case "AddPartialTranscript":
                        List<SpeechmaticsResultItem> partial = SpeechmaticsResultItem.ReadAll(root, isFinal: false);
                        // Empty partials follow most finals ("nothing pending"); the final's turn already shows the text.
                        if (partial.Count > 0) output.Add(new ProviderTurn(_turns.BuildPartial(partial, receivedAt)));
                        break;
                    case "AddTranscript":
                        AddFinal(SpeechmaticsResultItem.ReadAll(root, isFinal: true), receivedAt, output);
                        break;
                    case "EndOfUtterance":
                        if (_turns.HasFinals) output.Add(new ProviderTurn(_turns.EndTurn(receivedAt)));
                        break;
                    case "EndOfTranscript":
                        Flush(receivedAt, output);
                        WarnAboutMissingAcknowledgements(output);
                        output.Add(new ProviderSessionTerminated(null, null));
                        break;
                    case "Info":
                        output.Add(new ProviderInfo(Describe("Speechmatics info", root)));
                        break;
                    case "Warning":
                        output.Add(new ProviderWarning(Describe("Speechmatics warning", root)));
                        break;
                    case "Error":
                        SttException error = SpeechmaticsErrors.FromErrorType(JsonFields.GetString(root, "type"), JsonFields.GetString(root, "reason"));
                        if (JsonFields.TryGetInt64(root, "code", out long code)) error.ProviderCode = (int)code;
                        _lastError = error;
                        if (SpeechmaticsErrors.IsKnownErrorType(JsonFields.GetString(root, "type")))
                        {
                            output.Add(new ProviderError(error, isFatal: true));
                        }
                        else
                        {
                            _heldError = error;
                            output.Add(new ProviderInfo($"Speechmatics reported an error of an unknown type; its close code will tell its kind: {error.Message}"));
                        }
                        break;
                    default:
                        // Translations, audio events, SpeakersResult and future types: not turns.
                        output.Add(new ProviderInfo($"Speechmatics message '{type}' ignored."));
                        break;
                }
            }
        }

        // The longest AudioAdded this path reads; anything longer is not the service's plain acknowledgement.
        private const int AudioAddedMaxChars = 128;
        private static readonly byte[] MessageField = Encoding.UTF8.GetBytes("message");
        private static readonly byte[] SeqNoField = Encoding.UTF8.GetBytes("seq_no");
        private static readonly byte[] AudioAddedType = Encoding.UTF8.GetBytes("AudioAdded");

        /// <summary>
        /// Counts a plain AudioAdded ({"message":"AudioAdded","seq_no":N}, fields in any order, other scalar fields
        /// skipped) without a string or a JsonDocument. Anything else, or any surprise in it, goes to the full parse,
        /// which reports it exactly as before.
        /// </summary>
        private bool TryReadAudioAdded(string message)
        {
            if (message.Length > AudioAddedMaxChars || message.IndexOf("AudioAdded", StringComparison.Ordinal) < 0) return false;
            Span<byte> utf8 = stackalloc byte[AudioAddedMaxChars];
            for (int i = 0; i < message.Length; i++)
            {
                char c = message[i];
                if (c > 0x7F) return false; // the acknowledgement is ASCII; the full parse handles the rest
                utf8[i] = (byte)c;
            }
            var reader = new Utf8JsonReader(utf8.Slice(0, message.Length));
            bool isAudioAdded = false;
            long seqNo = 0;
            bool hasSeqNo = false;
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isMessage = reader.ValueTextEquals(MessageField);
                    bool isSeqNo = !isMessage && reader.ValueTextEquals(SeqNoField);
                    if (!reader.Read()) return false;
                    if (isMessage)
                    {
                        if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(AudioAddedType)) return false;
                        isAudioAdded = true;
                    }
                    else if (isSeqNo)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out seqNo)) return false;
                        hasSeqNo = true;
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
                    {
                        return false;
                    }
                }
                if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return false;
            }
            catch (JsonException)
            {
                return false;
            }
            if (!isAudioAdded) return false;
            Interlocked.Increment(ref _acknowledgedFrames);
            if (hasSeqNo) Interlocked.Exchange(ref _lastAcknowledgedSeqNo, seqNo);
            return true;
        }

        private void AddFinal(List<SpeechmaticsResultItem> items, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            // Finals with no results mark silence; they change nothing.
            if (items.Count == 0) return;
            if (EndOfUtteranceSilenceTrigger > 0)
            {
                _turns.AddFinals(items);
                output.Add(new ProviderTurn(_turns.BuildFinals(receivedAt)));
                return;
            }

            // No EndOfUtterance will come: each sentence end (is_eos) ends a turn, also mid-message, since a
            // late final (max_delay up to 4 s, or EndOfStream) can hold several sentences.
            int start = 0;
            for (int i = 0; i < items.Count; i++)
            {
                if (!(items[i].IsPunctuation && items[i].IsEndOfSentence)) continue;
                // Marks that close the sentence (a quote after the full stop) stay with it.
                while (i + 1 < items.Count && items[i + 1].IsPunctuation && items[i + 1].AttachesTo == "previous") i++;
                _turns.AddFinals(items.Skip(start).Take(i + 1 - start));
                output.Add(new ProviderTurn(_turns.EndTurn(receivedAt)));
                start = i + 1;
            }
            if (start < items.Count)
            {
                _turns.AddFinals(items.Skip(start));
                output.Add(new ProviderTurn(_turns.BuildFinals(receivedAt)));
            }
        }

        private void ReadLanguagePack(JsonElement root)
        {
            if (root.TryGetProperty("language_pack_info", out JsonElement info) && info.ValueKind == JsonValueKind.Object
                && JsonFields.GetString(info, "word_delimiter") is string delimiter)
            {
                _turns.WordDelimiter = delimiter;
            }
        }

        private void WarnAboutMissingAcknowledgements(IList<ProviderMessage> output)
        {
            long sent = Interlocked.Read(ref _framesSent);
            long acknowledged = AcknowledgedFrames;
            if (sent > 0 && acknowledged < sent)
            {
                output.Add(new ProviderWarning(string.Format(CultureInfo.InvariantCulture,
                    "Speechmatics acknowledged {0} of {1} audio frames before it ended the transcript; the end of the audio may be missing.", acknowledged, sent)));
            }
        }

        /// <summary>"Speechmatics warning duration_limit_exceeded: reason (code 3)".</summary>
        private static string Describe(string prefix, JsonElement root)
        {
            var text = new StringBuilder(prefix);
            string? type = JsonFields.GetString(root, "type");
            if (type is not null) text.Append(' ').Append(type);
            string? reason = JsonFields.GetString(root, "reason");
            if (!string.IsNullOrEmpty(reason)) text.Append(": ").Append(reason);
            if (JsonFields.TryGetInt64(root, "code", out long code)) text.Append(" (code ").Append(code.ToString(CultureInfo.InvariantCulture)).Append(')');
            return text.ToString();
        }

        public void Flush(DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            if (_turns.HasFinals) output.Add(new ProviderTurn(_turns.EndTurn(receivedAt)));
        }

        public SttException? DescribeClose(int? status, string? reason, bool stopRequested)
        {
            // An Error message usually precedes the close; its type and text are the more precise ones.
            if (_lastError is not null)
            {
                if (_heldError is not null && status.HasValue)
                {
                    SttException held = _heldError;
                    _heldError = null;
                    SttException? byCode = SpeechmaticsErrors.FromCloseCode(status.Value, reason);
                    if (byCode is not null)
                    {
                        _lastError = new SttException(byCode.Kind, held.Message, held.Target, held)
                        {
                            ProviderReason = held.ProviderReason,
                            RecommendedAction = byCode.RecommendedAction,
                        };
                    }
                }
                if (status.HasValue) _lastError.ProviderCode = status;
                return _lastError;
            }
            if (status is null)
            {
                return new SttException(SttErrorKind.ProviderConnectionLost, "Speechmatics closed the connection without a close status.", "Speechmatics");
            }
            if (status == 1000 || status == 1001 && stopRequested)
            {
                return null;
            }
            return SpeechmaticsErrors.FromCloseCode(status.Value, reason)
                ?? new SttException(SttErrorKind.ProviderError,
                    $"Speechmatics closed the session with code {status}{(string.IsNullOrWhiteSpace(reason) ? "." : ": " + reason)}", "Speechmatics")
                { ProviderCode = status, ProviderReason = string.IsNullOrWhiteSpace(reason) ? null : reason };
        }

        public SttException DescribeConnectFailure(SttException failure) => SpeechmaticsErrors.FromConnectFailure(failure);

        private static SttException ProtocolError(string what, string message) => ProtocolErrors.Malformed("Speechmatics", what, message);
    }
}
