// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Transport
{
    /// <summary>One whole message from the server: text, binary, or the close frame.</summary>
    internal readonly struct TransportMessage
    {
        private TransportMessage(TransportMessageKind kind, string? text, byte[]? binary, int? closeStatus, string? closeReason)
        {
            Kind = kind;
            Text = text;
            Binary = binary;
            CloseStatus = closeStatus;
            CloseReason = closeReason;
        }

        public TransportMessageKind Kind { get; }
        public string? Text { get; }
        public byte[]? Binary { get; }
        public int? CloseStatus { get; }
        public string? CloseReason { get; }

        public static TransportMessage FromText(string text) => new TransportMessage(TransportMessageKind.Text, text, null, null, null);

        public static TransportMessage FromBinary(byte[] data) => new TransportMessage(TransportMessageKind.Binary, null, data, null, null);

        public static TransportMessage FromClose(int? status, string? reason) => new TransportMessage(TransportMessageKind.Close, null, null, status, reason);
    }

    internal enum TransportMessageKind
    {
        Text,
        Binary,
        Close,
    }
}
