// Copyright (c) StreamingStt contributors. MIT License.

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// Checks upgrade credentials as protocols.md §3.2 describes: <c>Authorization: Bearer &lt;api key&gt;</c>, or a
/// temporary key in <c>?jwt=</c>. UNCONFIRMED: a temporary key is also accepted as a Bearer header, and an API key
/// in <c>?jwt=</c> is refused.
/// </summary>
internal sealed class SpeechmaticsAuthenticator(IReadOnlyCollection<string> apiKeys, SpeechmaticsTemporaryKeyStore temporaryKeys)
{
    private const string BearerPrefix = "Bearer ";
    private readonly HashSet<string> _apiKeys = new(apiKeys, StringComparer.Ordinal);

    /// <summary>True for <c>Bearer /// <summary>The API key in a Bearer header, or null (temporary keys cannot mint keys).</summary>lt;api key/// <summary>The API key in a Bearer header, or null (temporary keys cannot mint keys).</summary>gt;</c>; temporary keys cannot mint keys.</summary>
    public bool IsApiKeyHeader(string? authorizationHeader) => BearerCredential(authorizationHeader) is { } key && _apiKeys.Contains(key);

    /// <summary>How the credentials came, and whether they are accepted.</summary>
    public (SpeechmaticsAuthMethod Method, bool Accepted) Authenticate(string? authorizationHeader, string? jwtQuery)
    {
        if (!string.IsNullOrEmpty(jwtQuery))
        {
            return (SpeechmaticsAuthMethod.TemporaryKeyQuery, temporaryKeys.IsValid(jwtQuery));
        }

        if (BearerCredential(authorizationHeader) is not { } credential)
        {
            return (string.IsNullOrEmpty(authorizationHeader) ? SpeechmaticsAuthMethod.None : SpeechmaticsAuthMethod.ApiKeyHeader, false);
        }

        if (_apiKeys.Contains(credential))
        {
            return (SpeechmaticsAuthMethod.ApiKeyHeader, true);
        }

        return temporaryKeys.IsValid(credential)
            ? (SpeechmaticsAuthMethod.TemporaryKeyHeader, true)
            : (SpeechmaticsAuthMethod.ApiKeyHeader, false);
    }

    // The scheme is case-insensitive (RFC 7235); a raw key without "Bearer " is refused.
    private static string? BearerCredential(string? header) =>
        header is not null && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && header.Length > BearerPrefix.Length
            ? header[BearerPrefix.Length..].Trim()
            : null;
}
