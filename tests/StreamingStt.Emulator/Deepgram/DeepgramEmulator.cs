// Copyright (c) StreamingStt contributors. MIT License.

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// A strict local emulator of Deepgram live streaming (<c>/v1/listen</c>) and token grants (<c>POST /v1/auth/grant</c>)
/// on 127.0.0.1. It refuses what the real service refuses, with the real HTTP statuses and close codes, and
/// transcribes a fixed <see cref="EmulatorScript"/> by audio time so client tests are deterministic.
/// </summary>
public sealed class DeepgramEmulator : IAsyncDisposable
{
    private readonly LoopbackEmulatorHost _host;
    private readonly SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> _registry;
    private readonly RedirectLog _redirects;

    private DeepgramEmulator(LoopbackEmulatorHost host, SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> registry, RedirectLog redirects)
    {
        _redirects = redirects;
        _host = host;
        _registry = registry;
        BaseUri = new UriBuilder(host.HttpBaseUri) { Scheme = host.Certificate is null ? "ws" : "wss" }.Uri;
        WebSocketUri = new UriBuilder(BaseUri) { Path = "/v1/listen" }.Uri;
    }

    /// <summary><c>ws://127.0.0.1:PORT/v1/listen</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>ws://127.0.0.1:PORT</c>: what the JS SDK takes as <c>baseUrl</c> (it appends /v1/listen).</summary>
    public Uri BaseUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>POST /v1/auth/grant</c>.</summary>
    public Uri HttpBaseUri => _host.HttpBaseUri;

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate => _host.Certificate;

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath => _host.CertificatePemPath;

    /// <summary>How many requests were answered with <c>StreamingRedirect</c> or <c>TokenRedirect</c>.</summary>
    public int RedirectsServed => _redirects.Count;

    /// <summary>A snapshot of every connection so far (refused upgrades included), in arrival order.</summary>
    public IReadOnlyList<DeepgramSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<DeepgramEmulator> StartAsync(DeepgramEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var registry = new SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord>();
        var redirects = new RedirectLog();
        var host = await LoopbackEmulatorHost.StartAsync(
            "deepgram",
            options.Port,
            options.UseTls,
            options.CertificatePemOutputPath,
            (app, stopping) => MapEndpoints(app, options, registry, redirects, stopping),
            cancellationToken).ConfigureAwait(false);
        return new DeepgramEmulator(host, registry, redirects);
    }

    /// <summary>Waits until connection <paramref name="index"/> (0-based) exists and has ended; throws <see cref="TimeoutException"/>.</summary>
    public Task<DeepgramSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

    /// <summary>Stops within about a second: live sessions get close 1001 and are then dropped.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void MapEndpoints(WebApplication app, DeepgramEmulatorOptions options, SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> registry, RedirectLog redirects, CancellationToken stopping)
    {
        var tokens = new DeepgramTokenStore();
        var authenticator = new DeepgramAuthenticator(options.ApiKeys, tokens);
        var listen = new DeepgramListenEndpoint(options, authenticator, registry, stopping);
        var grant = new DeepgramGrantEndpoint(authenticator, tokens, options.TokenTtl);
        app.Map("/v1/listen", EmulatorRedirect.Wrap(options.StreamingRedirect, redirects, listen.HandleAsync));
        app.MapPost("/v1/auth/grant", EmulatorRedirect.Wrap(options.TokenRedirect, redirects, grant.HandleAsync));
    }
}
