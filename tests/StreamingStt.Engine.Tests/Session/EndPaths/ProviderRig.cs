// Copyright (c) StreamingStt contributors. MIT License.
using StreamingStt.Emulator;
using StreamingStt.Emulator.Deepgram;
using StreamingStt.Emulator.Speechmatics;
using StreamingStt.Engine.Providers;
using StreamingStt.Engine.Session;

namespace StreamingStt.Engine.Tests.Session.EndPaths;

/// <summary>How the emulated provider misbehaves in an end-path test.</summary>
public enum RigFault
{
    /// <summary>Behaves.</summary>
    None,
    /// <summary>Drops the TCP connection without a close frame.</summary>
    Abort,
    /// <summary>Ends the session on a server error (AssemblyAI 3005, Deepgram 1011, Speechmatics job_error).</summary>
    ServerError,
    /// <summary>Closes normally (1000) while audio is still coming.</summary>
    NormalClose,
    /// <summary>Stops answering, stop requests included, but keeps the connection open.</summary>
    Stall,
    /// <summary>Sends one message larger than the client's limit.</summary>
    Oversized,
}

/// <summary>One emulator of <see cref="Provider"/> with one fault, and session options that reach it.</summary>
public sealed class ProviderRig : IAsyncDisposable
{
    /// <summary>The limit end-path tests give the client, so an oversized message stays cheap.</summary>
    public const int SmallMessageLimit = 64 * 1024;

    private readonly IAsyncDisposable _emulator;
    private readonly Uri _endpoint;

    private ProviderRig(SttProvider provider, IAsyncDisposable emulator, Uri endpoint)
    {
        Provider = provider;
        _emulator = emulator;
        _endpoint = endpoint;
    }

    public SttProvider Provider { get; }

    /// <summary>The error kind each provider's server-error close maps to.</summary>
    public const SttErrorKind ServerErrorKind = SttErrorKind.ProviderServerError;

    public static async Task<ProviderRig> StartAsync(SttProvider provider, RigFault fault, TimeSpan faultAfterAudio, EmulatorScript? script = null)
    {
        script ??= EmulatorScript.Default;
        switch (provider)
        {
            case SttProvider.AssemblyAI:
            {
                // The lead lets unpaced audio in (an existing setting of the emulator, not a loosening of its rules).
                var emulator = await AssemblyAIEmulator.StartAsync(new AssemblyAIEmulatorOptions
                {
                    Script = script,
                    RealTimeLead = TimeSpan.FromHours(1),
                    Fault = SharedFault(fault, faultAfterAudio, serverErrorCode: 3005, serverErrorReason: "Session Cancelled: An error occurred"),
                });
                return new ProviderRig(provider, emulator, emulator.WebSocketUri);
            }
            case SttProvider.Deepgram:
            {
                var emulator = await DeepgramEmulator.StartAsync(new DeepgramEmulatorOptions
                {
                    Script = script,
                    Fault = SharedFault(fault, faultAfterAudio, serverErrorCode: 1011, serverErrorReason: "the server had an error"),
                });
                return new ProviderRig(provider, emulator, emulator.WebSocketUri);
            }
            default:
            {
                var emulator = await SpeechmaticsEmulator.StartAsync(new SpeechmaticsEmulatorOptions
                {
                    Script = script,
                    Fault = fault switch
                    {
                        RigFault.None => null,
                        RigFault.Abort => SpeechmaticsFault.AbortAfterAudio(faultAfterAudio),
                        RigFault.ServerError => SpeechmaticsFault.ErrorAfterAudio(faultAfterAudio, SpeechmaticsErrorTypes.JobError),
                        RigFault.NormalClose => SpeechmaticsFault.CloseAfterAudio(faultAfterAudio, 1000, string.Empty),
                        RigFault.Stall => SpeechmaticsFault.StallAfterAudio(faultAfterAudio),
                        _ => SpeechmaticsFault.OversizedMessageAfterAudio(faultAfterAudio, SmallMessageLimit * 2),
                    },
                });
                return new ProviderRig(provider, emulator, emulator.WebSocketUri);
            }
        }
    }

    private static EmulatorFault? SharedFault(RigFault fault, TimeSpan after, int serverErrorCode, string serverErrorReason) => fault switch
    {
        RigFault.None => null,
        RigFault.Abort => EmulatorFault.AbortAfterAudio(after),
        RigFault.ServerError => EmulatorFault.CloseAfterAudio(after, serverErrorCode, serverErrorReason, sendErrorMessage: true),
        RigFault.NormalClose => EmulatorFault.CloseAfterAudio(after, 1000, string.Empty),
        RigFault.Stall => EmulatorFault.StallAfterAudio(after),
        _ => EmulatorFault.OversizedMessageAfterAudio(after, SmallMessageLimit * 2),
    };

    /// <summary>Options for a session against this emulator; unpaced unless <paramref name="pace"/>.</summary>
    public SttSessionOptions Options(bool pace = false, TimeSpan? stopTimeout = null)
    {
        var options = new SttSessionOptions
        {
            Provider = Provider,
            Credential = SttCredential.FromApiKey("test-key"),
            PaceRealTime = pace,
            MaxMessageBytes = SmallMessageLimit,
            StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5),
        };
        switch (Provider)
        {
            case SttProvider.AssemblyAI:
                options.AssemblyAI.Endpoint = _endpoint;
                break;
            case SttProvider.Deepgram:
                options.Deepgram.Endpoint = _endpoint;
                options.Deepgram.InterimResults = true;
                break;
            default:
                options.Speechmatics.Endpoint = _endpoint;
                options.Speechmatics.EnablePartials = true;
                break;
        }
        return options;
    }

    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}
