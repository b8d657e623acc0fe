// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Engine.Providers.AssemblyAI
{
    /// <summary>
    /// AssemblyAI Universal-Streaming v3 (wss://streaming.assemblyai.com/v3/ws), pure: the URL,
    /// the auth header, the client messages, and the meaning of every server message and close
    /// code. See protocols.md §1.
    /// </summary>
    internal sealed class AssemblyAIProtocol : ISttProtocol
    {
        public static readonly Uri DefaultEndpoint = new Uri("wss://streaming.assemblyai.com/v3/ws");
        public static readonly Uri UsEndpoint = new Uri("wss://streaming.us.assemblyai.com/v3/ws");
        public static readonly Uri EuEndpoint = new Uri("wss://streaming.eu.assemblyai.com/v3/ws");

        private readonly AssemblyAIOptions _options;
        private readonly int _sampleRate;
        private readonly OutputEncoding _encoding;

        // format_turns de-duplication: the unformatted end-of-turn is held until its formatted copy
        // (same turn_order) arrives, so each turn ends with exactly one EndOfTurn update.
        private Turn? _heldEndOfTurn;
        // The finalised words of the turn still open, ready to end it if the session ends first (stop timeout, drop).
        private Turn? _openTurnFinalised;
        private int _lastEndedTurnOrder = -1;
        private SttException? _lastError;

        public AssemblyAIProtocol(AssemblyAIOptions options, int sampleRate, OutputEncoding encoding)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _sampleRate = sampleRate;
            _encoding = encoding;
            Validate(options, sampleRate);
        }

        public SttProvider Provider => SttProvider.AssemblyAI;

        /// <summary>Checks every option against the documented limits before anything is sent.</summary>
        public static void Validate(AssemblyAIOptions options, int sampleRate) => AssemblyAIQuery.Validate(options, sampleRate);

        public bool WaitsForSessionBegan => true;

        public Uri BaseEndpoint =>
            _options.Endpoint ?? (_options.Region == AssemblyAIRegion.US ? UsEndpoint : _options.Region == AssemblyAIRegion.EU ? EuEndpoint : DefaultEndpoint);

        public WebSocketConnectionOptions CreateConnection(SttCredential credential)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            List<KeyValuePair<string, string>> query = AssemblyAIQuery.Build(_options, _sampleRate, _encoding);
            // Browsers and the JS SDK pass temporary tokens in the query; keys go in the header.
            if (credential.IsTemporaryToken) query.Add(new KeyValuePair<string, string>("token", credential.Secret));

            var connection = new WebSocketConnectionOptions(ProviderQuery.Append(BaseEndpoint, query));
            if (!credential.IsTemporaryToken)
            {
                connection.Headers.Add(new KeyValuePair<string, string>("Authorization", credential.Secret));
            }
            connection.Headers.Add(new KeyValuePair<string, string>("User-Agent", UserAgent.Value));
            return connection;
        }

        public string? CreateStartMessage() => null;

        public string CreateStopMessage(long framesSent) => "{\"type\":\"Terminate\"}";

        public string? CreateKeepAliveMessage() => "{\"type\":\"KeepAlive\"}";

        public string? CreateForceEndpointMessage() => "{\"type\":\"ForceEndpoint\"}";

        public string? CreateConfigurationUpdateMessage(SessionConfigurationUpdate update)
        {
            if (update is null) throw new ArgumentNullException(nameof(update));
            if (update.MaxDelay.HasValue)
            {
                throw new SttException(SttErrorKind.OptionInvalid, "AssemblyAI has no MaxDelay (it is a Speechmatics setting).", "MaxDelay");
            }
            // The same limits as at connect time, checked on a copy of the options.
            var check = new AssemblyAIOptions
            {
                SpeechModel = _options.SpeechModel,
                EndOfTurnConfidenceThreshold = update.EndOfTurnConfidenceThreshold,
                MinTurnSilence = update.MinTurnSilence,
                MaxTurnSilence = update.MaxTurnSilence,
                Keyterms = update.Keyterms ?? new List<string>(),
            };
            Validate(check, _sampleRate);
            return CreateUpdateConfigurationMessage(update.MinTurnSilence, update.MaxTurnSilence,
                update.EndOfTurnConfidenceThreshold, update.Prompt, update.Keyterms);
        }

        /// <summary>UpdateConfiguration with only the fields given (null fields are left out).</summary>
        public static string CreateUpdateConfigurationMessage(int? minTurnSilence = null, int? maxTurnSilence = null,
            double? endOfTurnConfidenceThreshold = null, string? prompt = null, IList<string>? keyterms = null)
        {
            using var stream = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, ProviderJson.RelaxedWriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("type", "UpdateConfiguration");
                if (minTurnSilence.HasValue) writer.WriteNumber("min_turn_silence", minTurnSilence.Value);
                if (maxTurnSilence.HasValue) writer.WriteNumber("max_turn_silence", maxTurnSilence.Value);
                if (endOfTurnConfidenceThreshold.HasValue) writer.WriteNumber("end_of_turn_confidence_threshold", endOfTurnConfidenceThreshold.Value);
                if (prompt is not null) writer.WriteString("prompt", prompt);
                if (keyterms is not null)
                {
                    writer.WriteStartArray("keyterms_prompt");
                    foreach (string term in keyterms) writer.WriteStringValue(term);
                    writer.WriteEndArray();
                }
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        // A field of another type or a number out of range is the provider's mistake, not ours: a protocol error.
        public void Parse(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output) =>
            ProviderJson.ParseGuarded(this, "AssemblyAI", message, receivedAt, output,
                static (protocol, text, at, parsed) => protocol.ParseMessage(text, at, parsed));

        private void ParseMessage(string message, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            if (!ProviderJson.TryParse("AssemblyAI", message, output, out JsonDocument document)) return;

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
                {
                    // The v3 Error shape has no "type" in some reports; recognise it by its fields.
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out _))
                    {
                        AddError(root, output);
                        return;
                    }
                    output.Add(new ProviderError(ProtocolError("AssemblyAI sent a message without a type", message), isFatal: false));
                    return;
                }

                string type = typeElement.GetString()!;
                switch (type)
                {
                    case "Begin":
                        output.Add(new ProviderSessionBegan(
                            JsonFields.GetString(root, "id") ?? string.Empty,
                            JsonFields.TryGetInt64(root, "expires_at", out long expires) ? DateTimeOffset.FromUnixTimeSeconds(expires) : (DateTimeOffset?)null));
                        break;
                    case "SpeechStarted":
                        output.Add(new ProviderSpeechStarted(TimeSpan.FromMilliseconds(JsonFields.GetDouble(root, "timestamp") ?? 0)));
                        break;
                    case "Turn":
                        ParseTurn(root, receivedAt, output);
                        break;
                    case "Termination":
                        Flush(receivedAt, output);
                        output.Add(new ProviderSessionTerminated(Seconds(JsonFields.GetDouble(root, "audio_duration_seconds")), Seconds(JsonFields.GetDouble(root, "session_duration_seconds"))));
                        break;
                    case "Error":
                        AddError(root, output);
                        break;
                    case "Warning":
                        output.Add(new ProviderWarning("AssemblyAI warning" + CodeSuffix(root, "warning_code") + ": " + (JsonFields.GetString(root, "warning") ?? message)));
                        break;
                    default:
                        // Heartbeat, Silence, SpeakerRevision and future types: nothing to do, but say so under -Debug.
                        output.Add(new ProviderInfo($"AssemblyAI message '{type}' ignored."));
                        break;
                }
            }
        }

        private static string CodeSuffix(JsonElement root, string property) =>
            JsonFields.TryGetInt64(root, property, out long code) ? " " + code.ToString(CultureInfo.InvariantCulture) : string.Empty;

        private void AddError(JsonElement root, IList<ProviderMessage> output)
        {
            string text = JsonFields.GetString(root, "error") ?? "unknown error";
            int? code = JsonFields.TryGetInt64(root, "error_code", out long c) ? (int)c : (int?)null;
            SttException error = DescribeCode(code, text) ?? new SttException(SttErrorKind.ProviderError, "AssemblyAI reported an error: " + text, "AssemblyAI");
            error.ProviderCode = code;
            error.ProviderReason = text;
            _lastError = error;
            output.Add(new ProviderError(error, isFatal: true));
        }

        private void ParseTurn(JsonElement root, DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            int turnOrder = (int)(JsonFields.TryGetInt64(root, "turn_order", out long order) ? order : 0);
            bool endOfTurn = JsonFields.GetBool(root, "end_of_turn") ?? false;
            bool formatted = JsonFields.GetBool(root, "turn_is_formatted") ?? false;
            string transcript = JsonFields.GetString(root, "transcript") ?? string.Empty;

            // A new turn began: anything held for the previous one is as good as it will get.
            if (_heldEndOfTurn is not null && _heldEndOfTurn.TurnOrder != turnOrder)
            {
                EmitHeld(output);
            }
            if (turnOrder <= _lastEndedTurnOrder)
            {
                // Late copies of a turn already ended (e.g. a formatted copy we did not wait for).
                return;
            }

            string? speaker = JsonFields.GetString(root, "speaker_label");
            var words = new List<Word>();
            var pending = new StringBuilder();
            if (root.TryGetProperty("words", out JsonElement wordsElement) && wordsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement w in wordsElement.EnumerateArray())
                {
                    bool wordFinal = JsonFields.GetBool(w, "word_is_final") ?? endOfTurn;
                    string text = JsonFields.GetString(w, "text") ?? string.Empty;
                    words.Add(new Word(text,
                        TimeSpan.FromMilliseconds(JsonFields.GetDouble(w, "start") ?? 0),
                        TimeSpan.FromMilliseconds(JsonFields.GetDouble(w, "end") ?? 0),
                        JsonFields.GetDouble(w, "confidence"),
                        wordFinal,
                        JsonFields.GetString(w, "speaker") ?? speaker));
                    if (!wordFinal && !endOfTurn)
                    {
                        if (pending.Length > 0) pending.Append(' ');
                        pending.Append(text);
                    }
                }
            }

            if (!endOfTurn) _openTurnFinalised = FinalisedPart(turnOrder, transcript, words, speaker, root, receivedAt);
            else _openTurnFinalised = null;

            // Universal-streaming partials carry only finalised words in "transcript"; show the
            // words still forming too, so a live display does not lag a word behind.
            // (u3-rt-pro partials already spell out every word, all marked non-final: leave those alone.)
            int transcriptWordCount = transcript.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (!endOfTurn && pending.Length > 0 && transcriptWordCount < words.Count)
            {
                transcript = transcript.Length == 0 ? pending.ToString() : transcript + " " + pending;
            }

            double? confidence = words.Count == 0 || words.Any(w => !w.Confidence.HasValue) ? (double?)null : words.Average(w => w.Confidence!.Value);
            var turn = new Turn(
                SttProvider.AssemblyAI,
                sessionId: null,
                source: null,
                turnOrder,
                transcript,
                endOfTurn,
                formatted,
                words.Count > 0 ? words[0].StartTime : TimeSpan.Zero,
                words.Count > 0 ? words[words.Count - 1].EndTime : TimeSpan.Zero,
                confidence,
                JsonFields.GetDouble(root, "end_of_turn_confidence"),
                speaker,
                JsonFields.GetString(root, "language_code"),
                new WordList(words),
                receivedAt);

            if (!endOfTurn)
            {
                output.Add(new ProviderTurn(turn));
                return;
            }

            if (_options.FormatTurns == true && !formatted)
            {
                _heldEndOfTurn = turn;
                return;
            }
            _heldEndOfTurn = null;
            _lastEndedTurnOrder = turnOrder;
            output.Add(new ProviderTurn(turn));
        }

        private void EmitHeld(IList<ProviderMessage> output)
        {
            if (_heldEndOfTurn is null) return;
            _lastEndedTurnOrder = _heldEndOfTurn.TurnOrder;
            output.Add(new ProviderTurn(_heldEndOfTurn));
            _heldEndOfTurn = null;
        }

        public void Flush(DateTimeOffset receivedAt, IList<ProviderMessage> output)
        {
            EmitHeld(output);
            EndOpenTurn(output);
        }

        // The session ends inside a turn: its finalised words become its end-of-turn update (words still forming are not
        // kept: the service had not settled them). Nothing when no word was final (u3-rt-pro partials).
        private void EndOpenTurn(IList<ProviderMessage> output)
        {
            Turn? open = _openTurnFinalised;
            _openTurnFinalised = null;
            if (open is null || open.TurnOrder <= _lastEndedTurnOrder) return;
            _lastEndedTurnOrder = open.TurnOrder;
            output.Add(new ProviderTurn(open));
        }

        private static Turn? FinalisedPart(int turnOrder, string transcript, List<Word> words, string? speaker, JsonElement root, DateTimeOffset receivedAt)
        {
            List<Word> final = words.Where(w => w.IsFinal).ToList();
            if (final.Count == 0 || transcript.Trim().Length == 0) return null;
            double? confidence = final.Any(w => !w.Confidence.HasValue) ? (double?)null : final.Average(w => w.Confidence!.Value);
            return new Turn(SttProvider.AssemblyAI, null, null, turnOrder, transcript.Trim(), endOfTurn: true, isFormatted: false,
                final[0].StartTime, final[final.Count - 1].EndTime, confidence, endOfTurnConfidence: null, speaker,
                JsonFields.GetString(root, "language_code"), new WordList(final), receivedAt);
        }

        public SttException? DescribeClose(int? status, string? reason, bool stopRequested)
        {
            if (status is null)
            {
                return new SttException(SttErrorKind.ProviderConnectionLost,
                    "AssemblyAI closed the connection without a close status.", "AssemblyAI");
            }
            if (status == 1000 || status == 1001 && stopRequested)
            {
                return null;
            }
            SttException error = DescribeCode(status, reason)
                ?? new SttException(SttErrorKind.ProviderError, $"AssemblyAI closed the session with code {status}: {reason}", "AssemblyAI");
            // An Error message usually precedes the close; its text is the more precise one.
            if (_lastError is not null && _lastError.Kind == error.Kind && _lastError.ProviderCode == status)
            {
                error = _lastError;
            }
            error.ProviderCode = status;
            error.ProviderReason ??= reason;
            return error;
        }

        /// <summary>Every documented close / error code and what it means for the user.</summary>
        public static SttException? DescribeCode(int? code, string? reason) => AssemblyAIErrors.FromCode(code, reason);

        public SttException DescribeConnectFailure(SttException failure) => AssemblyAIErrors.FromConnectFailure(failure);

        private static SttException ProtocolError(string what, string message) => ProtocolErrors.Malformed("AssemblyAI", what, message);

        private static TimeSpan? Seconds(double? value) => value.HasValue ? TimeSpan.FromSeconds(value.Value) : (TimeSpan?)null;
    }
}
