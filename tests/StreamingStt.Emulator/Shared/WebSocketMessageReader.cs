// Copyright (c) StreamingStt contributors. MIT License.

using System.Net.WebSockets;
using System.Text;

namespace StreamingStt.Emulator;

/// <summary>
/// Reads whole client messages (fragments reassembled) for an emulator session's receive pump. Connection failures
/// propagate (<see cref="WebSocketSessionIo.IsConnectionFailure"/> tells them apart); the caller maps each message to
/// its own input type.
/// </summary>
internal sealed class WebSocketMessageReader : IDisposable
{
    private readonly WebSocket _socket;
    private readonly int _maxTextBytes;
    private readonly bool _keepAudio;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly MemoryStream _message = new();

    /// <param name="keepAudio">Keep the bytes of binary messages (an emulator that inspects audio), not only their size.</param>
    public WebSocketMessageReader(WebSocket socket, int maxTextBytes, bool keepAudio)
    {
        _socket = socket;
        _maxTextBytes = maxTextBytes;
        _keepAudio = keepAudio;
    }

    public async Task<ReceivedWebSocketMessage> ReceiveAsync()
    {
        _message.SetLength(0);
        int length = 0;
        bool textTooLarge = false;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedWebSocketMessage(ClientInputKind.Closed, CloseStatus: (int?)_socket.CloseStatus, CloseDescription: _socket.CloseStatusDescription);
            }

            length = length > int.MaxValue - result.Count ? int.MaxValue : length + result.Count;
            bool isText = result.MessageType == WebSocketMessageType.Text;
            textTooLarge |= isText && _message.Length + result.Count > _maxTextBytes;
            if (isText ? !textTooLarge : _keepAudio)
            {
                _message.Write(_buffer, 0, result.Count);
            }
        }
        while (!result.EndOfMessage);

        return result.MessageType == WebSocketMessageType.Binary
            ? new ReceivedWebSocketMessage(ClientInputKind.Audio, ByteCount: length, Audio: _keepAudio ? _message.ToArray() : null)
            : new ReceivedWebSocketMessage(ClientInputKind.Text, ByteCount: length,
                Text: textTooLarge ? null : Encoding.UTF8.GetString(_message.GetBuffer(), 0, (int)_message.Length));
    }

    public void Dispose() => _message.Dispose();
}
