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

namespace StreamingStt.Emulator.Speechmatics;

/// <summary>
/// A strict local emulator of the Speechmatics real-time API v2 (<c>/v2</c> WebSocket and
/// <c>POST /v1/api_keys?type=rt</c>) on 127.0.0.1. It refuses what the real service refuses, with Error messages and
/// the documented close codes, and transcribes a fixed <see cref="EmulatorScript"/> by audio time so tests are
/// deterministic. Audio may arrive faster than real time, as the real service allows.
/// </summary>
public sealed class SpeechmaticsEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(750);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> _registry;
    private readonly bool _ownsPemFile;
    private int _disposed;

    private SpeechmaticsEmulator(
        WebApplication app,
        CancellationTokenSource stopping,
        SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> registry,
        Uri httpBaseUri,
        X509Certificate2? certificate,
        string? certificatePemPath,
        bool ownsPemFile)
    {
        _app = app;
        _stopping = stopping;
        _registry = registry;
        HttpBaseUri = httpBaseUri;
        WebSocketUri = new UriBuilder(httpBaseUri) { Scheme = certificate is null ? "ws" : "wss", Path = "/v2" }.Uri;
        Certificate = certificate;
        CertificatePemPath = certificatePemPath;
        _ownsPemFile = ownsPemFile;
    }

    /// <summary><c>ws://127.0.0.1:PORT/v2</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>POST /v1/api_keys?type=rt</c>.</summary>
    public Uri HttpBaseUri { get; }

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>A snapshot of every session so far (refused upgrades included), in arrival order.</summary>
    public IReadOnlyList<SpeechmaticsSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<SpeechmaticsEmulator> StartAsync(SpeechmaticsEmulatorOptions options, CancellationToken cancellationToken = default)
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
                    ?? Path.Combine(Path.GetTempPath(), $"streamingstt-speechmatics-emulator-{Guid.NewGuid():N}.pem");
                await File.WriteAllTextAsync(pemPath, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
            }

            var registry = new SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord>("Speechmatics session");
            app = Build(options, certificate, registry, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new SpeechmaticsEmulator(app, stopping, registry, new Uri(address), certificate, pemPath, ownsPem);
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
    public Task<SpeechmaticsSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

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

    private static WebApplication Build(SpeechmaticsEmulatorOptions options, X509Certificate2? certificate, SessionRegistry<SpeechmaticsSessionRecorder, SpeechmaticsSessionRecord> registry, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SpeechmaticsEmulator).Assembly.GetName().Name,
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

        var keys = new SpeechmaticsTemporaryKeyStore();
        var authenticator = new SpeechmaticsAuthenticator(options.ApiKeys, keys);
        var webSocket = new SpeechmaticsWebSocketEndpoint(options, authenticator, registry, stopping);
        var apiKeys = new SpeechmaticsApiKeysEndpoint(authenticator, keys, options.TemporaryKeyLifetime);
        app.Map("/v2", webSocket.HandleAsync);
        app.Map("/v2/{language}", webSocket.HandleAsync);
        app.MapPost("/v1/api_keys", apiKeys.HandleAsync);
        return app;
    }
}
