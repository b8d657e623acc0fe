// Copyright (c) StreamingStt contributors. MIT License.
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using StreamingStt.Emulator;
using Xunit;

namespace StreamingStt.Engine.Tests.Emulator;

/// <summary>wss/https with the generated self-signed certificate (the JS SDK accepts nothing else).</summary>
public sealed class EmulatorTlsTests
{
    [Fact]
    public async Task AClientThatTrustsTheGeneratedCertificateGetsBeginAndTokensOverTls()
    {
        string pemPath;
        await using (var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions { UseTls = true }))
        {
            Assert.Equal("wss", emulator.WebSocketUri.Scheme);
            Assert.Equal("https", emulator.HttpBaseUri.Scheme);
            Assert.Equal(IPAddress.Loopback.ToString(), emulator.WebSocketUri.Host);
            X509Certificate2 certificate = emulator.Certificate!;
            pemPath = emulator.CertificatePemPath!;
            Assert.Equal(certificate.Thumbprint, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(pemPath)).Thumbprint);
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.Contains("localhost", names.EnumerateDnsNames());

            bool TrustsOnlyTheEmulator(X509Certificate? presented) => presented is not null && presented.GetCertHashString() == certificate.Thumbprint;
            await using (var client = await RawAssemblyAIClient.ConnectAsync(
                emulator.WebSocketUri,
                RawAssemblyAIClient.Query("u3-rt-pro"),
                configure: o => o.RemoteCertificateValidationCallback = (_, presented, _, _) => TrustsOnlyTheEmulator(presented)))
            {
                await client.ExpectAsync("Begin");
            }

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => TrustsOnlyTheEmulator(presented) };
            using var http = new HttpClient(handler) { BaseAddress = emulator.HttpBaseUri };
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "test-key");
            using var response = await http.GetAsync("/v3/token?expires_in_seconds=60");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // Without trusting the certificate the handshake fails: TLS is real.
            await Assert.ThrowsAsync<WebSocketException>(() => RawAssemblyAIClient.ConnectAsync(emulator.WebSocketUri, RawAssemblyAIClient.Query("u3-rt-pro")));
        }

        Assert.False(File.Exists(pemPath));
    }
}
