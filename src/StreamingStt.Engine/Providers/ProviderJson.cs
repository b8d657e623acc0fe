// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Text.Json;

namespace StreamingStt.Engine.Providers
{
    /// <summary>
    /// The part of reading a server message every protocol shares: a message that is not JSON, or whose fields
    /// turn out to be of another type or out of range, is the provider's mistake and becomes one non-fatal
    /// protocol error (the session warns and goes on) instead of an exception.
    /// </summary>
    internal static class ProviderJson
    {
        // Key terms and vocabulary are people's words: keep "Zürich" readable on the wire instead of \u00FC escapes.
        public static readonly JsonWriterOptions RelaxedWriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        /// <summary>
        /// Runs <paramref name="parse"/> on the message; what it added is replaced by one protocol error when the
        /// message proves to be of an unexpected shape. A static lambda and the protocol as state: no allocation a message.
        /// </summary>
        public static void ParseGuarded<TProtocol>(TProtocol protocol, string provider, string message, DateTimeOffset receivedAt,
            IList<ProviderMessage> output, Action<TProtocol, string, DateTimeOffset, IList<ProviderMessage>> parse)
        {
            if (message is null) throw new ArgumentNullException(nameof(message));
            if (output is null) throw new ArgumentNullException(nameof(output));
            int countBefore = output.Count;
            try
            {
                parse(protocol, message, receivedAt, output);
            }
            catch (Exception ex) when (ProtocolErrors.IsWrongShape(ex))
            {
                ProtocolErrors.ReplaceWithWrongShape(output, countBefore, provider, ex, message);
            }
        }

        /// <summary>The parsed message, or false after adding a non-fatal protocol error when it is not JSON.</summary>
        public static bool TryParse(string provider, string message, IList<ProviderMessage> output, out JsonDocument document)
        {
            try
            {
                document = JsonDocument.Parse(message);
                return true;
            }
            catch (JsonException ex)
            {
                output.Add(new ProviderError(ProtocolErrors.Malformed(provider, $"{provider} sent a message that is not JSON ({ex.Message})", message), isFatal: false));
                document = null!;
                return false;
            }
        }
    }
}
