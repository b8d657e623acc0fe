// Copyright (c) StreamingStt contributors. MIT License.
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;
using StreamingStt.Engine.Session;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Changes turn detection of running background sessions (AssemblyAI UpdateConfiguration,
    /// Speechmatics SetRecognitionConfig; Deepgram has no such message). Later turns follow the new settings; a setting the
    /// session's provider cannot change mid-session is refused as SttOptionInvalid.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SttSession", SupportsShouldProcess = true, DefaultParameterSetName = SessionParameterSet)]
    [OutputType(typeof(SttJob))]
    public sealed class SetSttSessionCommand : SttSessionSteeringCmdletBase
    {
        private SessionConfigurationUpdate? _update;
        private string? _changeText;

        #region Parameters

        /// <summary>0–1: how sure the model must be that the speaker finished (AssemblyAI universal-streaming).</summary>
        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double EndOfTurnConfidenceThreshold { get; set; }

        /// <summary>Milliseconds of silence before a confident end of turn (AssemblyAI).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MinTurnSilence { get; set; }

        /// <summary>Milliseconds of silence that always end a turn (AssemblyAI; Speechmatics end-of-utterance silence, 0–2000).</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxTurnSilence { get; set; }

        /// <summary>A new prompt (AssemblyAI u3-rt-pro).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Prompt { get; set; }

        /// <summary>Replaces the key terms (AssemblyAI); an empty array removes them.</summary>
        [Parameter]
        [Alias("KeytermsPrompt", "Keyterm")]
        [AllowEmptyCollection]
        [ValidateNotNull]
        public string[]? Keyterms { get; set; }

        /// <summary>Seconds, 0.7–4, a word may wait before it is final (Speechmatics max_delay).</summary>
        [Parameter]
        [ValidateRange(0.7, 4.0)]
        public double MaxDelay { get; set; }

        /// <summary>Write each changed session (the SttJob).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        #endregion

        #region Overrides

        protected override void BeginProcessing()
        {
            var update = new SessionConfigurationUpdate();
            var changes = new List<string>();
            if (Bound(nameof(EndOfTurnConfidenceThreshold)))
            {
                update.EndOfTurnConfidenceThreshold = EndOfTurnConfidenceThreshold;
                changes.Add(string.Format(CultureInfo.InvariantCulture, "EndOfTurnConfidenceThreshold={0}", EndOfTurnConfidenceThreshold));
            }
            if (Bound(nameof(MinTurnSilence)))
            {
                update.MinTurnSilence = MinTurnSilence;
                changes.Add(string.Format(CultureInfo.InvariantCulture, "MinTurnSilence={0} ms", MinTurnSilence));
            }
            if (Bound(nameof(MaxTurnSilence)))
            {
                update.MaxTurnSilence = MaxTurnSilence;
                changes.Add(string.Format(CultureInfo.InvariantCulture, "MaxTurnSilence={0} ms", MaxTurnSilence));
            }
            if (Prompt is not null)
            {
                update.Prompt = Prompt;
                changes.Add("Prompt");
            }
            if (Keyterms is not null)
            {
                update.Keyterms = new List<string>(Keyterms);
                changes.Add(Keyterms.Length == 0 ? "Keyterms (removed)" : "Keyterms=" + string.Join(", ", Keyterms));
            }

            if (Bound(nameof(MaxDelay)))
            {
                update.MaxDelay = MaxDelay;
                changes.Add(string.Format(CultureInfo.InvariantCulture, "MaxDelay={0} s", MaxDelay));
            }

            if (changes.Count == 0)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromKind(SttErrorKind.OptionInvalid,
                    "Nothing to change: give at least one of -EndOfTurnConfidenceThreshold, -MinTurnSilence, -MaxTurnSilence, -Prompt, -Keyterms or -MaxDelay.",
                    null));
            }
            _update = update;
            _changeText = string.Join("; ", changes);
        }

        protected override void ProcessRecord()
        {
            foreach (SttJob job in SelectedSessions())
            {
                SttSession? session = StreamingSession(job);
                if (session is null) continue;
                if (!ShouldProcess(Describe(job), "Change " + _changeText)) continue;
                try
                {
                    // The provider's protocol checks the values and whether it can change them at all.
                    session.UpdateConfiguration(_update!);
                }
                catch (SttException ex)
                {
                    // The job as target, so a batch over several sessions says which one refused.
                    WriteError(ErrorRecordFactory.Create(ex, ex.ErrorId, ErrorRecordFactory.CategoryFor(ex.Kind), job,
                        ex.RecommendedAction ?? "Settings the provider cannot change mid-session are set when the session starts (Start-SttSession)."));
                    continue;
                }
                if (PassThru) WriteObject(job);
            }
        }

        #endregion

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
