// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Engine.Session;

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
    }
}
