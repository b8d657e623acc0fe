// Copyright (c) StreamingStt contributors. MIT License.
using System.Security;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>Builds the engine credential from -ApiKey or -Token; null means "use the provider's environment variable".</summary>
    internal static class CredentialFactory
    {
        public static SttCredential? Create(SecureString? apiKey, string? token, SttProvider provider)
        {
            if (apiKey is not null)
            {
                string key = SecureStringConverter.ToPlainText(apiKey);
                if (string.IsNullOrWhiteSpace(key))
                {
                    throw new SttException(SttErrorKind.ApiKeyMissing, "The API key given with -ApiKey is empty.", "ApiKey")
                    {
                        RecommendedAction = "Pass the key as a SecureString, e.g. -ApiKey (Read-Host -AsSecureString), or set $env:" +
                            SttCredential.EnvironmentVariableFor(provider) + ".",
                    };
                }
                return SttCredential.FromApiKey(key, "The key given with -ApiKey");
            }
            if (token is not null)
            {
                if (string.IsNullOrWhiteSpace(token))
                {
                    throw new SttException(SttErrorKind.ApiKeyMissing, "The temporary token given with -Token is empty.", "Token")
                    {
                        RecommendedAction = "Pass the Token of a New-SttToken result, or the SttToken object itself.",
                    };
                }
                return SttCredential.FromTemporaryToken(token, "The token given with -Token");
            }
            return null;
        }
    }
}
