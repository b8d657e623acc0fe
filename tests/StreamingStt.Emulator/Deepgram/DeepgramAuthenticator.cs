// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// Checks credentials as protocols.md §2.2 describes: <c>Authorization: Token &lt;key&gt;</c> or <c>Bearer &lt;jwt&gt;</c>
/// (scheme case-insensitive), or, for browsers, the subprotocol pair <c>token, &lt;key&gt;</c> / <c>bearer, &lt;jwt&gt;</c>.
/// </summary>
internal sealed class DeepgramAuthenticator(IReadOnlyCollection<string> apiKeys, DeepgramTokenStore tokens)
{
    private readonly HashSet<string> _apiKeys = new(apiKeys, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="authorization"/> is <c>Token &lt;known key&gt;</c> (what minting a token needs).</summary>
    public bool IsApiKeyHeader(string? authorization) =>
        Split(authorization) is ("token", var key) && _apiKeys.Contains(key);

    public DeepgramAuthResult Authenticate(string? authorization, IReadOnlyList<string> requestedSubProtocols)
    {
        if (!string.IsNullOrWhiteSpace(authorization))
        {
            return Split(authorization) switch
            {
                ("token", var key) => CheckKey(key, DeepgramAuthMethod.TokenHeader, null),
                ("bearer", var jwt) => CheckToken(jwt, DeepgramAuthMethod.BearerHeader, null),
                _ => new DeepgramAuthResult(DeepgramAuthMethod.Malformed, DeepgramErrors.InvalidCredentials, null),
            };
        }

        // Browsers offer "token", "<key>" (or "bearer", "<jwt>") as two subprotocols; the server echoes the scheme.
        if (requestedSubProtocols.Count >= 2)
        {
            string scheme = requestedSubProtocols[0].ToLowerInvariant();
            if (scheme == "token")
            {
                return CheckKey(requestedSubProtocols[1], DeepgramAuthMethod.TokenSubprotocol, requestedSubProtocols[0]);
            }

            if (scheme == "bearer")
            {
                return CheckToken(requestedSubProtocols[1], DeepgramAuthMethod.BearerSubprotocol, requestedSubProtocols[0]);
            }
        }

        return new DeepgramAuthResult(DeepgramAuthMethod.None, DeepgramErrors.InvalidCredentials, null);
    }

    private DeepgramAuthResult CheckKey(string key, DeepgramAuthMethod method, string? subProtocol) =>
        _apiKeys.Contains(key)
            ? new DeepgramAuthResult(method, null, subProtocol)
            : new DeepgramAuthResult(method, DeepgramErrors.InvalidCredentials, null);

    private DeepgramAuthResult CheckToken(string token, DeepgramAuthMethod method, string? subProtocol) =>
        tokens.IsValid(token, out bool expired)
            ? new DeepgramAuthResult(method, null, subProtocol)
            : new DeepgramAuthResult(method, expired ? "Invalid credentials: the access token has expired." : DeepgramErrors.InvalidCredentials, null);

    private static (string Scheme, string Value)? Split(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return null;
        }

        string trimmed = authorization.Trim();
        int space = trimmed.IndexOf(' ');
        return space <= 0 ? null : (trimmed[..space].ToLowerInvariant(), trimmed[(space + 1)..].Trim());
    }
}
