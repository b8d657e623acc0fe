// Copyright (c) StreamingStt contributors. MIT License.

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamingStt.Emulator;

/// <summary>
/// A strict local emulator of AssemblyAI's Universal-Streaming v3 API (<c>/v3/ws</c> and <c>GET /v3/token</c>) on
/// 127.0.0.1. It refuses what the real service refuses, with the real close codes, and transcribes a fixed
/// <see cref="EmulatorScript"/> by audio time so client tests are deterministic.
/// </summary>
public sealed class AssemblyAIEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(750);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly SessionRegistry<SessionRecorder, EmulatorSessionRecord> _registry;
    private readonly bool _ownsPemFile;
    private int _disposed;

    private AssemblyAIEmulator(
        WebApplication app,
        CancellationTokenSource stopping,
        SessionRegistry<SessionRecorder, EmulatorSessionRecord> registry,
        Uri httpBaseUri,
        X509Certificate2? certificate,
        string? certificatePemPath,
        bool ownsPemFile)
    {
        _app = app;
        _stopping = stopping;
        _registry = registry;
        HttpBaseUri = httpBaseUri;
        WebSocketUri = new UriBuilder(httpBaseUri) { Scheme = certificate is null ? "ws" : "wss", Path = "/v3/ws" }.Uri;
        Certificate = certificate;
        CertificatePemPath = certificatePemPath;
        _ownsPemFile = ownsPemFile;
    }

    /// <summary><c>ws://127.0.0.1:PORT/v3/ws</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>GET /v3/token</c>.</summary>
    public Uri HttpBaseUri { get; }

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>A snapshot of every session so far, in arrival order.</summary>
    public IReadOnlyList<EmulatorSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<AssemblyAIEmulator> StartAsync(AssemblyAIEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        X509Certificate2? certificate = options.UseTls ? SelfSignedCertificate.Create() : null;
        string? pemPath = null;
        bool ownsPem = false;
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        try
        {
            if (certificate is not null)
            {
                ownsPem = options.CertificatePemOutputPath is null;
                pemPath = options.CertificatePemOutputPath
                    ?? Path.Combine(Path.GetTempPath(), $"streamingstt-assemblyai-emulator-{Guid.NewGuid():N}.pem");
                await File.WriteAllTextAsync(pemPath, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
            }

            var registry = new SessionRegistry<SessionRecorder, EmulatorSessionRecord>();
            app = Build(options, certificate, registry, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new AssemblyAIEmulator(app, stopping, registry, new Uri(address), certificate, pemPath, ownsPem);
        }
        catch
        {
            stopping.Dispose();
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            certificate?.Dispose();
            if (ownsPem && pemPath is not null)
            {
                File.Delete(pemPath);
            }

            throw;
        }
    }

    /// <summary>Waits until session <paramref name="index"/> (0-based) exists and has ended; throws <see cref="TimeoutException"/>.</summary>
    public Task<EmulatorSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

    /// <summary>Stops within about a second: live sessions get close 1001 and are then dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kestrel drops whatever is still open once the token fires.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        Certificate?.Dispose();
        if (_ownsPemFile && CertificatePemPath is not null)
        {
            try
            {
                File.Delete(CertificatePemPath);
            }
            catch (IOException)
            {
                // A temp file left behind is harmless.
            }
        }
    }

    private static WebApplication Build(AssemblyAIEmulatorOptions options, X509Certificate2? certificate, SessionRegistry<SessionRecorder, EmulatorSessionRecord> registry, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(AssemblyAIEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        app.UseWebSockets();

        var tokens = new TemporaryTokenStore();
        var authenticator = new SessionAuthenticator(options.ApiKeys, tokens);
        var webSocket = new WebSocketEndpoint(options, authenticator, registry, stopping);
        var token = new TokenEndpoint(authenticator, tokens, options.TokenTtl);
        app.Map("/v3/ws", webSocket.HandleAsync);
        app.MapGet("/v3/token", token.HandleAsync);
        return app;
    }
}
