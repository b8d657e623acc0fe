// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Management.Automation;
using System.Security;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Providers.AssemblyAI;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Mints a temporary, single-use streaming token with the API key, for a machine that should
    /// not hold the key: pass the result to Start-SttSession -Token.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SttToken")]
    [OutputType(typeof(SttToken))]
    public sealed class NewSttTokenCommand : PSCmdlet, IDisposable
    {
        private readonly StopSignal _stop = new StopSignal();

        #region Parameters

        /// <summary>The speech-to-text service: AssemblyAI (default), Deepgram or Speechmatics.</summary>
        [Parameter]
        public SttProvider Provider { get; set; } = SttProvider.AssemblyAI;

        /// <summary>
        /// How long the token lives, in seconds: AssemblyAI 1–600 (to open a session), Deepgram
        /// 1–3600 (ttl_seconds), Speechmatics 60–86400 (ttl). Default 60.
        /// </summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int ExpiresInSeconds { get; set; } = 60;

        /// <summary>AssemblyAI only: the longest session the token may open, in seconds (60–10800); the service's maximum when omitted.</summary>
        [Parameter]
        [ValidateRange(60, 10800)]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public int MaxSessionDurationSeconds { get; set; }

        /// <summary>The API key that mints the token. When omitted, the provider's environment variable is used.</summary>
        [Parameter]
        public SecureString? ApiKey { get; set; }

        /// <summary>AssemblyAI only: the region of the token endpoint: Default, US or EU.</summary>
        [Parameter]
        [ValidateSet("Default", "US", "EU")]
        [ProviderParameter(SttProvider.AssemblyAI)]
        public string Region { get; set; } = "Default";

        /// <summary>The token service: its base URL (https://host[:port][/prefix]) or the full token URL (…/v3/token); http:// only for loopback addresses.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        #endregion

        #region Overrides

        protected override void EndProcessing()
        {
            SttToken token;
            try
            {
                ProviderParameters.Check(GetType(), Provider, MyInvocation.BoundParameters.Keys, $"{Provider} tokens");
                var request = new TemporaryTokenRequest
                {
                    Provider = Provider,
                    Credential = CredentialFactory.Create(ApiKey, null, Provider),
                    ExpiresInSeconds = ExpiresInSeconds,
                    Region = (AssemblyAIRegion)Enum.Parse(typeof(AssemblyAIRegion), Region, ignoreCase: true),
                    Endpoint = Endpoint,
                };
                if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxSessionDurationSeconds)))
                {
                    request.MaxSessionDurationSeconds = MaxSessionDurationSeconds;
                }
                token = TemporaryTokenClient.RequestAsync(request, _stop.Token).GetAwaiter().GetResult();
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
                return;
            }
            catch (OperationCanceledException) when (_stop.IsSignalled)
            {
                // Ctrl+C: PowerShell reports the stop.
                return;
            }
            WriteObject(token);
        }

        protected override void StopProcessing() => _stop.Signal();

        #endregion

        public void Dispose() => _stop.Dispose();
    }
}
