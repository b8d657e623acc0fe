// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator;

/// <summary>
/// Checks WebSocket credentials as protocols.md §1.2 describes: the raw API key in the Authorization header (no
/// scheme), or a temporary token in the <c>token</c> query parameter or in the Authorization header.
/// </summary>
internal sealed class SessionAuthenticator(IReadOnlyCollection<string> apiKeys, TemporaryTokenStore tokens)
{
    private readonly HashSet<string> _apiKeys = new(apiKeys, StringComparer.Ordinal);

    public bool IsApiKey(string? value) => value is not null && _apiKeys.Contains(value);

    public AuthenticationResult Authenticate(string? authorizationHeader, string? tokenQuery)
    {
        if (!string.IsNullOrEmpty(tokenQuery))
        {
            return RedeemToken(tokenQuery, EmulatorAuthMethod.TemporaryToken);
        }

        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return new AuthenticationResult(EmulatorAuthMethod.None, AssemblyAIErrors.MissingAuthorization, null);
        }

        if (IsApiKey(authorizationHeader))
        {
            return new AuthenticationResult(EmulatorAuthMethod.ApiKeyHeader, null, null);
        }

        // Not a key: it may be a temporary token sent the Python SDK's way. A "Bearer <key>" stays invalid, as with
        // the real service, which wants the raw key.
        var asToken = RedeemToken(authorizationHeader, EmulatorAuthMethod.TemporaryTokenHeader);
        return asToken.Accepted || asToken.FailureReason == AssemblyAIErrors.ExpiredTemporaryToken
            ? asToken
            : new AuthenticationResult(EmulatorAuthMethod.ApiKeyHeader, AssemblyAIErrors.InvalidApiKey, null);
    }

    private AuthenticationResult RedeemToken(string token, EmulatorAuthMethod method)
    {
        if (tokens.TryRedeem(token, out var maxSession, out bool expired))
        {
            return new AuthenticationResult(method, null, maxSession);
        }

        return new AuthenticationResult(method, expired ? AssemblyAIErrors.ExpiredTemporaryToken : AssemblyAIErrors.InvalidTemporaryToken, null);
    }
}
