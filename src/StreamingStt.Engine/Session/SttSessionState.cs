// Copyright (c) StreamingStt contributors. MIT License.
namespace StreamingStt.Engine.Session
{
    /// <summary>Where a session is in its life. Completed, Stopped, Cancelled and Failed are final.</summary>
    public enum SttSessionState
    {
        NotStarted,
        /// <summary>Opening the WebSocket and waiting for the provider's start message.</summary>
        Connecting,
        /// <summary>Sending audio and receiving turns.</summary>
        Streaming,
        /// <summary>Audio has ended or a stop was requested; waiting for the provider's last turns.</summary>
        Stopping,
        /// <summary>The audio ran out and the provider acknowledged the end.</summary>
        Completed,
        /// <summary>Stopped on request (gracefully, or the wait for the provider timed out).</summary>
        Stopped,
        /// <summary>Cancelled without waiting for the provider.</summary>
        Cancelled,
        /// <summary>An error ended the session.</summary>
        Failed,
    }
}
