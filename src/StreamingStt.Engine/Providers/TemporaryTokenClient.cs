// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Threading;
using System.Threading.Tasks;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Providers
{
    /// <summary>What New-SttToken asks for.</summary>
    public sealed class TemporaryTokenRequest
    {
        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;
        /// <summary>The long-lived key that mints the token; when null the provider's environment variable is used.</summary>
        public SttCredential? Credential { get; set; }
        /// <summary>How long the token may be used to open a session (AssemblyAI: 1–600 s).</summary>
        public int ExpiresInSeconds { get; set; } = 60;
        /// <summary>Cap on the session the token opens (AssemblyAI: 60–10800 s).</summary>
        public int? MaxSessionDurationSeconds { get; set; }
        /// <summary>Region of the token endpoint.</summary>
        public AssemblyAI.AssemblyAIRegion Region { get; set; }
        /// <summary>Base URL override (https://host[:port]); the token path is appended.</summary>
        public Uri? Endpoint { get; set; }
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
    }

    /// <summary>Mints temporary streaming tokens over HTTPS.</summary>
    public static class TemporaryTokenClient
    {
        public static Task<SttToken> RequestAsync(TemporaryTokenRequest request, CancellationToken cancellationToken) { throw new NotImplementedException(); }
    }
}
