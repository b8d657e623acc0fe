// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;

namespace StreamingStt.Engine.Providers
{
    /// <summary>Errors for server messages a protocol cannot make sense of.</summary>
    internal static class ProtocolErrors
    {
        /// <summary>A ProviderProtocolError that says what was wrong and quotes the start (200 characters) of the message.</summary>
        public static SttException Malformed(string provider, string what, string message)
        {
            string excerpt = message.Length > 200 ? message.Substring(0, 200) + "…" : message;
            return new SttException(SttErrorKind.ProviderProtocolError, $"{what}: {excerpt}", provider);
        }

        /// <summary>
        /// What System.Text.Json and TimeSpan throw for a well-formed message of an unexpected shape: a field of
        /// another type (an object where a number was), a number out of range (a duration of 1e308 s).
        /// </summary>
        public static bool IsWrongShape(Exception ex) =>
            ex is InvalidOperationException || ex is OverflowException || ex is FormatException || ex is ArgumentException;

        /// <summary>
        /// Replaces what a message that turned out to be of the wrong shape had added to <paramref name="output"/> with
        /// one non-fatal protocol error, as for a message that is not JSON: the session warns and goes on.
        /// </summary>
        public static void ReplaceWithWrongShape(IList<ProviderMessage> output, int countBefore, string provider, Exception ex, string message)
        {
            while (output.Count > countBefore) output.RemoveAt(output.Count - 1);
            output.Add(new ProviderError(Malformed(provider, $"{provider} sent a message of an unexpected shape ({ex.Message})", message), isFatal: false));
        }
    }
}
