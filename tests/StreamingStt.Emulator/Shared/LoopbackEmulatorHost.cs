// Copyright (c) StreamingStt contributors. MIT License.

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StreamingStt.Emulator;

/// <summary>
/// The provider-neutral part of every emulator: Kestrel on 127.0.0.1 (port 0 picks a free one), optional TLS with a
/// generated certificate and its PEM file, start, the bound address, and a stop that closes live sessions within
/// about a second. Each emulator maps its own endpoints through the callback given to <see cref="StartAsync"/>.
/// </summary>
internal sealed class LoopbackEmulatorHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(750);

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly bool _ownsPemFile;
    private int _disposed;

    private LoopbackEmulatorHost(
        WebApplication app,
        CancellationTokenSource stopping,
        Uri httpBaseUri,
        X509Certificate2? certificate,
        string? certificatePemPath,
        bool ownsPemFile)
    {
        _app = app;
        _stopping = stopping;
        HttpBaseUri = httpBaseUri;
        Certificate = certificate;
        CertificatePemPath = certificatePemPath;
        _ownsPemFile = ownsPemFile;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, or https with TLS.</summary>
    public Uri HttpBaseUri { get; }

    /// <summary>The generated certificate when TLS is on.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>PEM file of <see cref="Certificate"/> when TLS is on.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>
    /// Starts Kestrel on 127.0.0.1:<paramref name="port"/>. <paramref name="mapEndpoints"/> receives the built
    /// application (WebSockets already enabled) and a token that fires when the host begins to stop.
    /// </summary>
    /// <param name="providerSlug">Lower-case provider name used in the temporary PEM file name, e.g. "deepgram".</param>
    public static async Task<LoopbackEmulatorHost> StartAsync(
        string providerSlug,
        int port,
        bool useTls,
        string? certificatePemOutputPath,
        Action<WebApplication, CancellationToken> mapEndpoints,
        CancellationToken cancellationToken)
    {
        X509Certificate2? certificate = useTls ? SelfSignedCertificate.Create() : null;
        string? pemPath = null;
        bool ownsPem = false;
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        try
        {
            if (certificate is not null)
            {
                ownsPem = certificatePemOutputPath is null;
                pemPath = certificatePemOutputPath
                    ?? Path.Combine(Path.GetTempPath(), $"streamingstt-{providerSlug}-emulator-{Guid.NewGuid():N}.pem");
                await File.WriteAllTextAsync(pemPath, certificate.ExportCertificatePem(), cancellationToken).ConfigureAwait(false);
            }

            app = Build(port, certificate);
            mapEndpoints(app, stopping.Token);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new LoopbackEmulatorHost(app, stopping, new Uri(address), certificate, pemPath, ownsPem);
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

    /// <summary>The WebSocket address (<c>ws</c>, or <c>wss</c> with TLS) of <paramref name="path"/> on this host.</summary>
    public Uri WebSocketUri(string path) =>
        new UriBuilder(HttpBaseUri) { Scheme = Certificate is null ? "ws" : "wss", Path = path }.Uri;

    /// <summary>Stops within about a second: the stopping token fires, then Kestrel drops whatever is still open.</summary>
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

    private static WebApplication Build(int port, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(LoopbackEmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        app.UseWebSockets();
        return app;
    }
}
