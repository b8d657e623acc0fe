// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt.Engine.Session
{
    /// <summary>
    /// An API key or a temporary token. The secret is only read by the protocol class when it
    /// builds the connection; ToString never shows it.
    /// </summary>
    public sealed class SttCredential
    {
        private SttCredential(string secret, bool isTemporaryToken)
        {
            if (string.IsNullOrWhiteSpace(secret)) throw new ArgumentException("The credential is empty.", nameof(secret));
            Secret = secret.Trim();
            IsTemporaryToken = isTemporaryToken;
        }

        public static SttCredential FromApiKey(string apiKey) => new SttCredential(apiKey, isTemporaryToken: false);

        public static SttCredential FromTemporaryToken(string token) => new SttCredential(token, isTemporaryToken: true);

        /// <summary>The environment variable each provider's key is read from when none is given.</summary>
        public static string EnvironmentVariableFor(SttProvider provider)
        {
            switch (provider)
            {
                case SttProvider.AssemblyAI: return "ASSEMBLYAI_API_KEY";
                case SttProvider.Deepgram: return "DEEPGRAM_API_KEY";
                case SttProvider.Speechmatics: return "SPEECHMATICS_API_KEY";
                default: throw new ArgumentOutOfRangeException(nameof(provider), provider, null);
            }
        }

        /// <summary>The key from the provider's environment variable, or null when it is unset or blank.</summary>
        public static SttCredential? FromEnvironment(SttProvider provider)
        {
            string? value = Environment.GetEnvironmentVariable(EnvironmentVariableFor(provider));
            return string.IsNullOrWhiteSpace(value) ? null : FromApiKey(value!);
        }

        internal string Secret { get; }

        public bool IsTemporaryToken { get; }

        public override string ToString() => IsTemporaryToken ? "temporary token (hidden)" : "API key (hidden)";
    }
}
