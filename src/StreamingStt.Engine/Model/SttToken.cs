// Copyright (c) StreamingStt contributors. MIT License.
using System;

namespace StreamingStt
{
    /// <summary>
    /// A temporary, single-use streaming token for a less trusted machine. Pass its
    /// <see cref="Token"/> to Start-SttSession -Token. ToString hides the value so it does
    /// not land in logs by accident.
    /// </summary>
    public sealed class SttToken
    {
        public SttToken(SttProvider provider, string token, DateTimeOffset issuedAt, TimeSpan expiresIn, TimeSpan? maxSessionDuration)
        {
            Provider = provider;
            Token = token;
            IssuedAt = issuedAt;
            ExpiresIn = expiresIn;
            MaxSessionDuration = maxSessionDuration;
        }

        public SttProvider Provider { get; }

        /// <summary>The token itself.</summary>
        public string Token { get; }

        public DateTimeOffset IssuedAt { get; }

        /// <summary>How long the token can be used to open a session.</summary>
        public TimeSpan ExpiresIn { get; }

        public DateTimeOffset ExpiresAt => IssuedAt + ExpiresIn;

        /// <summary>The longest session the token allows, when limited.</summary>
        public TimeSpan? MaxSessionDuration { get; }

        public override string ToString() => $"{Provider} temporary token (expires {ExpiresAt:u})";
    }
}
