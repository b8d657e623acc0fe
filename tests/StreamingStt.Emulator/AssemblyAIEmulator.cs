// Copyright (c) StreamingStt contributors. MIT License.

using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace StreamingStt.Emulator;

/// <summary>
/// A strict local emulator of AssemblyAI's Universal-Streaming v3 API (<c>/v3/ws</c> and <c>GET /v3/token</c>) on
/// 127.0.0.1. It refuses what the real service refuses, with the real close codes, and transcribes a fixed
/// <see cref="EmulatorScript"/> by audio time so client tests are deterministic.
/// </summary>
public sealed class AssemblyAIEmulator : IAsyncDisposable
{
    private readonly LoopbackEmulatorHost _host;
    private readonly SessionRegistry<SessionRecorder, EmulatorSessionRecord> _registry;
    private readonly RedirectLog _redirects;

    private AssemblyAIEmulator(LoopbackEmulatorHost host, SessionRegistry<SessionRecorder, EmulatorSessionRecord> registry, RedirectLog redirects)
    {
        _redirects = redirects;
        _host = host;
        _registry = registry;
        WebSocketUri = host.WebSocketUri("/v3/ws");
    }

    /// <summary><c>ws://127.0.0.1:PORT/v3/ws</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>GET /v3/token</c>.</summary>
    public Uri HttpBaseUri => _host.HttpBaseUri;

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate => _host.Certificate;

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath => _host.CertificatePemPath;

    /// <summary>How many requests were answered with <c>StreamingRedirect</c> or <c>TokenRedirect</c>.</summary>
    public int RedirectsServed => _redirects.Count;

    /// <summary>A snapshot of every session so far, in arrival order.</summary>
    public IReadOnlyList<EmulatorSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<AssemblyAIEmulator> StartAsync(AssemblyAIEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var registry = new SessionRegistry<SessionRecorder, EmulatorSessionRecord>();
        var redirects = new RedirectLog();
        var host = await LoopbackEmulatorHost.StartAsync(
            "assemblyai",
            options.Port,
            options.UseTls,
            options.CertificatePemOutputPath,
            (app, stopping) => MapEndpoints(app, options, registry, redirects, stopping),
            cancellationToken).ConfigureAwait(false);
        return new AssemblyAIEmulator(host, registry, redirects);
    }

    /// <summary>Waits until session <paramref name="index"/> (0-based) exists and has ended; throws <see cref="TimeoutException"/>.</summary>
    public Task<EmulatorSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

    /// <summary>Stops within about a second: live sessions get close 1001 and are then dropped.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static void MapEndpoints(WebApplication app, AssemblyAIEmulatorOptions options, SessionRegistry<SessionRecorder, EmulatorSessionRecord> registry, RedirectLog redirects, CancellationToken stopping)
    {
        var tokens = new TemporaryTokenStore();
        var authenticator = new SessionAuthenticator(options.ApiKeys, tokens);
        var webSocket = new WebSocketEndpoint(options, authenticator, registry, stopping);
        var token = new TokenEndpoint(authenticator, tokens, options.TokenTtl);
        app.Map("/v3/ws", EmulatorRedirect.Wrap(options.StreamingRedirect, redirects, webSocket.HandleAsync));
        app.MapGet("/v3/token", EmulatorRedirect.Wrap(options.TokenRedirect, redirects, token.HandleAsync));
    }
}
