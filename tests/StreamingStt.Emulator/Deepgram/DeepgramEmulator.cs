// Copyright (c) StreamingStt contributors. MIT License.

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamingStt.Emulator.Deepgram;

/// <summary>
/// A strict local emulator of Deepgram live streaming (<c>/v1/listen</c>) and token grants (<c>POST /v1/auth/grant</c>)
/// on 127.0.0.1. It refuses what the real service refuses, with the real HTTP statuses and close codes, and
/// transcribes a fixed <see cref="EmulatorScript"/> by audio time so client tests are deterministic.
/// </summary>
public sealed class DeepgramEmulator : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(750);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> _registry;
    private readonly bool _ownsPemFile;
    private int _disposed;

    private DeepgramEmulator(
        WebApplication app,
        CancellationTokenSource stopping,
        SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> registry,
        Uri httpBaseUri,
        X509Certificate2? certificate,
        string? certificatePemPath,
        bool ownsPemFile)
    {
        _app = app;
        _stopping = stopping;
        _registry = registry;
        HttpBaseUri = httpBaseUri;
        BaseUri = new UriBuilder(httpBaseUri) { Scheme = certificate is null ? "ws" : "wss" }.Uri;
        WebSocketUri = new UriBuilder(BaseUri) { Path = "/v1/listen" }.Uri;
        Certificate = certificate;
        CertificatePemPath = certificatePemPath;
        _ownsPemFile = ownsPemFile;
    }

    /// <summary><c>ws://127.0.0.1:PORT/v1/listen</c>, or <c>wss://…</c> with TLS.</summary>
    public Uri WebSocketUri { get; }

    /// <summary><c>ws://127.0.0.1:PORT</c>: what the JS SDK takes as <c>baseUrl</c> (it appends /v1/listen).</summary>
    public Uri BaseUri { get; }

    /// <summary><c>http://127.0.0.1:PORT</c> (or https), the base for <c>POST /v1/auth/grant</c>.</summary>
    public Uri HttpBaseUri { get; }

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>PEM file of <see cref="Certificate"/> (for NODE_EXTRA_CA_CERTS) when TLS is on.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>A snapshot of every connection so far (refused upgrades included), in arrival order.</summary>
    public IReadOnlyList<DeepgramSessionRecord> Sessions => _registry.Snapshot();

    /// <summary>Starts an emulator on 127.0.0.1.</summary>
    public static async Task<DeepgramEmulator> StartAsync(DeepgramEmulatorOptions options, CancellationToken cancellationToken = default)
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
                    ?? Path.Combine(Path.GetTempPath(), $"streamingstt-deepgram-emulator-{Guid.NewGuid():N}.pem");
                await File.WriteAllTextAsync(pemPath, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
            }

            var registry = new SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord>();
            app = Build(options, certificate, registry, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new DeepgramEmulator(app, stopping, registry, new Uri(address), certificate, pemPath, ownsPem);
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

    /// <summary>Waits until connection <paramref name="index"/> (0-based) exists and has ended; throws <see cref="TimeoutException"/>.</summary>
    public Task<DeepgramSessionRecord> WaitForSessionEndAsync(int index, TimeSpan timeout) => _registry.WaitForEndAsync(index, timeout);

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

    private static WebApplication Build(DeepgramEmulatorOptions options, X509Certificate2? certificate, SessionRegistry<DeepgramSessionRecorder, DeepgramSessionRecord> registry, CancellationToken stopping)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(DeepgramEmulator).Assembly.GetName().Name,
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

        var tokens = new DeepgramTokenStore();
        var authenticator = new DeepgramAuthenticator(options.ApiKeys, tokens);
        var listen = new DeepgramListenEndpoint(options, authenticator, registry, stopping);
        var grant = new DeepgramGrantEndpoint(authenticator, tokens, options.TokenTtl);
        app.Map("/v1/listen", listen.HandleAsync);
        app.MapPost("/v1/auth/grant", grant.HandleAsync);
        return app;
    }
}
