// Copyright (c) StreamingStt contributors. MIT License.
using System.Net.Sockets;
using System.Text;

namespace StreamingStt.Engine.Tests.Emulator.Deepgram;

/// <summary>
/// One hand-written HTTP/1.1 request over a TCP socket, to see what ClientWebSocket hides: the body of a refused
/// upgrade. The response must carry Content-Length.
/// </summary>
internal static class RawHttpExchange
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends a WebSocket upgrade request for <paramref name="pathAndQuery"/> and reads the answer.</summary>
    public static async Task<Response> UpgradeAsync(Uri baseUri, string pathAndQuery, string? authorization)
    {
        var request = new StringBuilder()
            .Append("GET ").Append(pathAndQuery).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(baseUri.Authority).Append("\r\n")
            .Append("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")
            .Append("Sec-WebSocket-Key: ").Append(Convert.ToBase64String(Guid.NewGuid().ToByteArray())).Append("\r\n");
        if (authorization is not null)
        {
            request.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        request.Append("\r\n");
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(baseUri.Host, baseUri.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()), timeout.Token);

        var received = new MemoryStream();
        var buffer = new byte[4096];
        int headerEnd = -1;
        int contentLength = 0;
        while (true)
        {
            int read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            string text = Encoding.UTF8.GetString(received.ToArray());
            if (headerEnd < 0 && (headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
            {
                foreach (string line in text[..headerEnd].Split("\r\n").Skip(1))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(line["Content-Length:".Length..].Trim());
                    }
                }
            }

            if (headerEnd >= 0 && received.Length >= headerEnd + 4 + contentLength)
            {
                break;
            }
        }

        string all = Encoding.UTF8.GetString(received.ToArray());
        string[] head = all[..headerEnd].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in head.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new Response(int.Parse(head[0].Split(' ')[1]), headers, all.Substring(headerEnd + 4, contentLength));
    }
}
