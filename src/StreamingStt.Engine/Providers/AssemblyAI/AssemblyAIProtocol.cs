// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
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

        private readonly AssemblyAITurnAssembler _turns;
        private SttException? _lastError;

        public AssemblyAIProtocol(AssemblyAIOptions options, int sampleRate, OutputEncoding encoding)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _sampleRate = sampleRate;
            _encoding = encoding;
            Validate(options, sampleRate);
            _turns = new AssemblyAITurnAssembler(waitsForFormattedEnd: options.FormatTurns == true);
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
            if (!_turns.BeginUpdate(turnOrder, output)) return;

            string? speaker = JsonFields.GetString(root, "speaker_label");
            var words = new List<Word>();
            if (root.TryGetProperty("words", out JsonElement wordsElement) && wordsElement.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement w in wordsElement.EnumerateArray())
                {
                    words.Add(new Word(JsonFields.GetString(w, "text") ?? string.Empty,
                        TimeSpan.FromMilliseconds(JsonFields.GetDouble(w, "start") ?? 0),
                        TimeSpan.FromMilliseconds(JsonFields.GetDouble(w, "end") ?? 0),
                        JsonFields.GetDouble(w, "confidence"),
                        JsonFields.GetBool(w, "word_is_final") ?? endOfTurn,
                        JsonFields.GetString(w, "speaker") ?? speaker));
                }
            }

            _turns.OnUpdate(new AssemblyAITurnUpdate(turnOrder, endOfTurn, formatted, transcript, words, speaker,
                JsonFields.GetString(root, "language_code"), JsonFields.GetDouble(root, "end_of_turn_confidence")), receivedAt, output);
        }

        public void Flush(DateTimeOffset receivedAt, IList<ProviderMessage> output) => _turns.Flush(output);

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
