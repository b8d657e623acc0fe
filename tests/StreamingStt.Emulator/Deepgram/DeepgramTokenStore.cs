// Copyright (c) StreamingStt contributors. MIT License.

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// Tokens from <c>/v1/auth/grant</c>: JWT-shaped (header.payload.signature) so clients that peek at them are not
/// surprised, opaque to the emulator, accepted as Bearer until they expire. UNCONFIRMED: whether the real service
/// lets one token open several sessions; JWTs normally can, so the emulator allows it.
/// </summary>
internal sealed class DeepgramTokenStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public string Issue(TimeSpan validFor)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (stale, expiresAt) in _expiries)
        {
            if (expiresAt <= now)
            {
                _expiries.TryRemove(stale, out _);
            }
        }

        string header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        string payload = Base64Url(Encoding.UTF8.GetBytes(FormattableString.Invariant(
            $"{{\"iss\":\"streamingstt-emulator\",\"scope\":\"usage:write\",\"jti\":\"{Guid.NewGuid():N}\",\"exp\":{(now + validFor).ToUnixTimeSeconds()}}}")));
        string token = $"{header}.{payload}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        _expiries[token] = now + validFor;
        return token;
    }

    /// <summary>True for a token issued here that has not expired; <paramref name="expired"/> says why a known one failed.</summary>
    public bool IsValid(string token, out bool expired)
    {
        expired = false;
        if (!_expiries.TryGetValue(token, out var expiresAt))
        {
            return false;
        }

        expired = expiresAt <= DateTimeOffset.UtcNow;
        return !expired;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
