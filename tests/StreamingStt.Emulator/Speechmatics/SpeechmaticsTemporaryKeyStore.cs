// Copyright (c) StreamingStt contributors. MIT License.

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// Temporary real-time keys: unlike AssemblyAI tokens they open any number of sessions until they expire
/// (protocols.md §3.2). Keys are JWT-shaped (three base64url parts) like the real ones, but opaque.
/// </summary>
internal sealed class SpeechmaticsTemporaryKeyStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);

    public string Issue(TimeSpan validFor)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (stale, expiresAt) in _keys)
        {
            if (expiresAt <= now)
            {
                _keys.TryRemove(stale, out _);
            }
        }

        string header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
        string payload = Base64Url(Encoding.UTF8.GetBytes($"{{\"type\":\"rt\",\"exp\":{(now + validFor).ToUnixTimeSeconds()}}}"));
        string key = $"{header}.{payload}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        _keys[key] = now + validFor;
        return key;
    }

    /// <summary>True while <paramref name="key"/> was issued here and has not expired.</summary>
    public bool IsValid(string key) => _keys.TryGetValue(key, out var expiresAt) && expiresAt > DateTimeOffset.UtcNow;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
