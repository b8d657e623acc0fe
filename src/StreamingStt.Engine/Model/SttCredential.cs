// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt
{
    /// <summary>
    /// An API key or a temporary token. The secret is only read by the protocol class when it
    /// builds the connection; ToString never shows it.
    /// </summary>
    public sealed class SttCredential
    {
        private SttCredential(string secret, bool isTemporaryToken, string source)
        {
            if (string.IsNullOrWhiteSpace(secret)) throw new ArgumentException("The credential is empty.", nameof(secret));
            Secret = secret.Trim();
            IsTemporaryToken = isTemporaryToken;
            RefuseControlCharacters(Secret, source);
        }

        /// <summary>An API key. Throws SttException OptionInvalid when it holds a line break or another control character.</summary>
        public static SttCredential FromApiKey(string apiKey) => new SttCredential(apiKey, isTemporaryToken: false, "The API key");

        /// <summary>An API key; <paramref name="source"/> says where it came from in an error, e.g. "The key given with -ApiKey".</summary>
        public static SttCredential FromApiKey(string apiKey, string source) => new SttCredential(apiKey, isTemporaryToken: false, source);

        /// <summary>A temporary token. Throws SttException OptionInvalid when it holds a line break or another control character.</summary>
        public static SttCredential FromTemporaryToken(string token) => new SttCredential(token, isTemporaryToken: true, "The temporary token");

        /// <summary>A temporary token; <paramref name="source"/> says where it came from in an error.</summary>
        public static SttCredential FromTemporaryToken(string token, string source) => new SttCredential(token, isTemporaryToken: true, source);

        // A CR or LF would split the Authorization header (the runtime refuses it deep in the connect, as an
        // unexplained failure), and no provider issues keys with control characters: refuse before connecting,
        // saying where the key came from and never what it is.
        private static void RefuseControlCharacters(string secret, string source)
        {
            bool lineBreak = secret.IndexOf('\r') >= 0 || secret.IndexOf('\n') >= 0;
            bool control = false;
            foreach (char c in secret) control |= char.IsControl(c);
            if (!control) return;
            string what = lineBreak ? "a line break (CR or LF)" : "a control character";
            throw new SttException(SttErrorKind.OptionInvalid,
                $"{source} contains {what}, which no key or token has: it was probably copied or read with extra characters.",
                "Credential")
            {
                RecommendedAction = "Copy the key again, without the extra characters.",
            };
        }

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
            return string.IsNullOrWhiteSpace(value) ? null : FromApiKey(value!, $"The key in $env:{EnvironmentVariableFor(provider)}");
        }

        internal string Secret { get; }

        public bool IsTemporaryToken { get; }

        public override string ToString() => IsTemporaryToken ? "temporary token (hidden)" : "API key (hidden)";
    }
}
