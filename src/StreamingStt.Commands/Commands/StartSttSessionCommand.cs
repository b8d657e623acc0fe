// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Audio;
using StreamingStt.Engine.Providers.Deepgram;
using StreamingStt.Engine.Providers.Speechmatics;
using StreamingStt.Engine.Session;
using StreamingStt.Engine.Transport;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Streams audio files to a real-time speech-to-text service and writes the transcript as
    /// Turn objects while they arrive, or starts one background job per file with -AsJob.
    /// </summary>
    /// <remarks>
    /// Thin by design: parameters become <see cref="SttSessionOptions"/>; the engine does the
    /// work on its own threads; this cmdlet only drains the session's events on the pipeline
    /// thread (<see cref="PipelineEventPump"/>). Each file is its own session, one after another.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Start, "SttSession", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(Turn), typeof(SttJob))]
    public sealed partial class StartSttSessionCommand : PSCmdlet, IDisposable
    {
        private const string PathParameterSet = "Path";
        private const string LiteralPathParameterSet = "LiteralPath";
        private const string DeviceParameterSet = "Device";
        private const string StreamParameterSet = "Stream";
        private const string StandardInputParameterSet = "StandardInput";

        // Stable id so every file of one command updates the same progress bar.
        private const int ProgressActivityId = 0x5354;

        private readonly StopSignal _stop = new StopSignal();
        private SttSession? _current;
        private SttCredential? _credential;
        private bool _sawInput;
        private PipelineEventPump? _pump;
        private ParallelSessionRunner? _batch;
        private SttJobThrottle? _jobThrottle;


        #region Overrides

        protected override void BeginProcessing()
        {
            if (ApiKey is not null && Token is not null)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                    "-ApiKey and -Token cannot be used together: pass one of them.", "Token",
                    "Use -Token with a temporary token from New-SttToken, or -ApiKey with an API key."));
            }

            try
            {
                // Parameters of another provider fail every file alike: say so once, up front.
                ProviderParameters.Check(GetType(), Provider, MyInvocation.BoundParameters.Keys);
                if (Provider == SttProvider.AssemblyAI && string.Equals(Region, "Global", StringComparison.OrdinalIgnoreCase))
                {
                    throw new SttException(SttErrorKind.OptionInvalid, "AssemblyAI has no Global region: use Default, US or EU.", "Region");
                }
                _credential = CredentialFactory.Create(ApiKey, Token, Provider);
                // A bad -Endpoint would fail every file alike: say so before opening any input.
                if (Endpoint is not null) EndpointPolicy.RequireWebSocketEndpoint(Endpoint, DefaultEndpoint(Provider));
                // A wrong -FfmpegPath would fail every file alike: say so once, up front.
                if (FfmpegPath is not null) StreamingStt.Engine.Audio.Ffmpeg.FfmpegLocator.Find(FfmpegPath);
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
            }

            PrepareSummaryVariable();
            _pump = new PipelineEventPump(this, ProgressActivityId, reportProgress: !AsJob && ProgressVisibility.WillBeShown(this));
            if (ThrottleLimit > 0) StartBatch();
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DeviceParameterSet)
            {
                if (InputDevice is null) return;
                _sawInput = true;
                AudioDevice device = InputDevice;
                RunSession(() => OpenMicrophone(device.Id), "Start-SttSession -Device '" + device.Id.Replace("'", "''") + "'");
                return;
            }

            string[]? inputs = ParameterSetName == LiteralPathParameterSet ? LiteralPath : Path;
            if (inputs is null) return;
            _sawInput = true;

            foreach (string input in inputs)
            {
                if (_stop.IsSignalled) return;
                foreach (string file in ResolveFiles(input, ParameterSetName == LiteralPathParameterSet))
                {
                    if (_stop.IsSignalled) return;
                    if (AsJob) StartJob(file);
                    else if (_batch is not null) _batch.Add(file);
                    else StreamFile(file);
                }
            }
        }

        protected override void EndProcessing()
        {
            switch (ParameterSetName)
            {
                case StreamParameterSet:
                    RunSession(() => new RawPcmStreamAudioSource(InputStream!, InputFormat(), "stream", leaveOpen: true), "Start-SttSession -InputStream");
                    return;
                case StandardInputParameterSet:
                    RunSession(() => new RawPcmStreamAudioSource(Console.OpenStandardInput(), InputFormat(), "stdin"), "Start-SttSession -StandardInput");
                    return;
                case DeviceParameterSet:
                    // Piped devices were captured in ProcessRecord.
                    if (_sawInput) return;
                    RunSession(() => OpenMicrophone(Device), "Start-SttSession -Device '" + (Device ?? "default").Replace("'", "''") + "'");
                    return;
            }
            // No file at all: the default microphone, as a person at a prompt expects.
            if (_sawInput)
            {
                _batch?.Finish();
                return;
            }
            if (MyInvocation.ExpectingInput) return;
            RunSession(() => OpenMicrophone(null), "Start-SttSession");
        }

        protected override void StopProcessing()
        {
            // Signal only; the pipeline thread notices and returns, Dispose releases.
            _stop.Signal();
            _batch?.CancelAll();
            SttSession? session = Volatile.Read(ref _current);
            if (session is null) return;
            // A microphone stops capturing at once and the provider still gets its graceful stop,
            // finished in the background (see StreamSession); files and streams are abandoned.
            if (session.IsLiveSource) session.RequestStop();
            else session.Cancel();
        }

        #endregion

        /// <summary>Releases the session still open when the pipeline stopped early (Ctrl+C, Select-Object -First).</summary>
        public void Dispose()
        {
            SttSession? session = Interlocked.Exchange(ref _current, null);
            session?.Dispose();
            _batch?.Dispose();
            _stop.Dispose();
        }
    }
}
