// Copyright (c) StreamingStt contributors. MIT License.

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// A strict local emulator of the Speechmatics real-time API v2 (<c>/v2</c> WebSocket and
/// <c>POST /v1/api_keys?type=rt</c>) on 127.0.0.1. It refuses what the real service refuses, with Error messages and
/// the documented close codes, and transcribes a fixed <see cref="EmulatorScript"/> by audio time so tests are
/// deterministic. Audio may arrive faster than real time, as the real service allows.
/// </summary>
public sealed class SpeechmaticsEmulator : IAsyncDisposable
{
    private readonly LoopbackEmulatorHost _host;
    private readonly SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> _registry;
    private readonly RedirectLog _redirects;

    private SpeechmaticsEmulator(LoopbackEmulatorHost host, SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> registry, RedirectLog redirects)
    {
        _redirects = redirects;
        _host = host;
        _registry = registry;
        WebSocketUri = host.WebSocketUri("/v2");
    }

    /// <summary><c>ws://127.0.0.1:PORT/v2</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>POST /v1/api_keys?type=rt</c>.</summary>
    public Uri HttpBaseUri => _host.HttpBaseUri;

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate => _host.Certificate;

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath => _host.CertificatePemPath;

    /// <summary>How many requests were answered with <c>StreamingRedirect</c> or <c>TokenRedirect</c>.</summary>
    public int RedirectsServed => _redirects.Count;

    /// <summary>A snapshot of every session so far (refused upgrades included), in arrival order.</summary>
    public IReadOnlyList<SpeechmaticsSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<SpeechmaticsEmulator> StartAsync(SpeechmaticsEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var registry = new SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord>("Speechmatics session");
        var redirects = new RedirectLog();
        var host = await LoopbackEmulatorHost.StartAsync(
            "speechmatics",
            options.Port,
            options.UseTls,
            options.CertificatePemOutputPath,
            (app, stopping) => MapEndpoints(app, options, registry, redirects, stopping),
            cancellationToken).ConfigureAwait(false);
        return new SpeechmaticsEmulator(host, registry, redirects);
    }

    /// <summary>Waits until session <paramref name="index"/> (0-based) exists and has ended; throws <see cref="TimeoutException"/>.</summary>
    public Task<SpeechmaticsSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

    /// <summary>Stops within about a second: live sessions get close 1001 and are then dropped.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void MapEndpoints(WebApplication app, SpeechmaticsEmulatorOptions options, SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> registry, RedirectLog redirects, CancellationToken stopping)
    {
        var keys = new SpeechmaticsTemporaryKeyStore();
        var authenticator = new SpeechmaticsAuthenticator(options.ApiKeys, keys);
        var webSocket = new SpeechmaticsWebSocketEndpoint(options, authenticator, registry, stopping);
        var apiKeys = new SpeechmaticsApiKeysEndpoint(authenticator, keys, options.TemporaryKeyLifetime);
        app.Map("/v2", EmulatorRedirect.Wrap(options.StreamingRedirect, redirects, webSocket.HandleAsync));
        app.Map("/v2/{language}", EmulatorRedirect.Wrap(options.StreamingRedirect, redirects, webSocket.HandleAsync));
        app.MapPost("/v1/api_keys", EmulatorRedirect.Wrap(options.TokenRedirect, redirects, apiKeys.HandleAsync));
    }
}
