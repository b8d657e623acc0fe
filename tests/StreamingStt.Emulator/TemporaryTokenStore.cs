// Copyright (c) StreamingStt contributors. MIT License.

using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace StreamingStt.Emulator;

/// <summary>Temporary streaming tokens: opaque, single-use, expiring, each carrying a session-length cap.</summary>
internal sealed class TemporaryTokenStore
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>Mints a token redeemable for <paramref name="validFor"/> that caps its session at <paramref name="maxSessionDuration"/>.</summary>
    public string Issue(TimeSpan validFor, TimeSpan maxSessionDuration)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (stale, issued) in _tokens)
        {
            if (issued.ExpiresAt <= now)
            {
                _tokens.TryRemove(stale, out _);
            }
        }

        string token = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = new IssuedToken(now + validFor, maxSessionDuration);
        return token;
    }

    /// <summary>
    /// Redeems a token once. Returns false for unknown or already used tokens, and for expired ones (then
    /// <paramref name="expired"/> is true).
    /// </summary>
    public bool TryRedeem(string token, out TimeSpan maxSessionDuration, out bool expired)
    {
        maxSessionDuration = TimeSpan.Zero;
        expired = false;
        if (!_tokens.TryRemove(token, out var issued))
        {
            return false;
        }

        if (issued.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            expired = true;
            return false;
        }

        maxSessionDuration = issued.MaxSessionDuration;
        return true;
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record IssuedToken(DateTimeOffset ExpiresAt, TimeSpan MaxSessionDuration);
}
