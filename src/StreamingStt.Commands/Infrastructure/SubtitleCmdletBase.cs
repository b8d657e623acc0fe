// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using StreamingStt.Engine.Subtitles;

namespace StreamingStt.Commands.Infrastructure
{
    /// <summary>
    /// What ConvertTo-SttSubtitle and Export-SttSubtitle share: the piped turns, the cue limits, and the
    /// collection of turns per source (a document needs all of its turns, so nothing is written before the end).
    /// </summary>
    public abstract class SubtitleCmdletBase : PSCmdlet
    {
        private readonly List<Turn> _turns = new List<Turn>();

        #region Parameters

        /// <summary>The turns to convert, usually piped from Start-SttSession or Receive-SttTurn. Only end-of-turn turns are used.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Turn[] InputObject { get; set; } = Array.Empty<Turn>();

        /// <summary>The longest line, in characters (10–1000; default 42). A single longer word is kept whole on its own line.</summary>
        [Parameter]
        [ValidateRange(SubtitleOptions.MinLineLength, SubtitleOptions.MaxLineLengthLimit)]
        public int MaxLineLength { get; set; } = SubtitleOptions.DefaultMaxLineLength;

        /// <summary>The longest cue (1 second to 10 minutes; default 7 seconds): a TimeSpan or a number of seconds.</summary>
        [Parameter]
        [SecondsTransformation]
        public TimeSpan MaxCueDuration { get; set; } = SubtitleOptions.DefaultMaxCueDuration;

        #endregion

        #region Overrides

        protected override void ProcessRecord()
        {
            foreach (Turn turn in InputObject)
            {
                if (turn is not null) _turns.Add(turn);
            }
        }

        #endregion

        /// <summary>The documents of the turns received, one per source; a terminating error for invalid limits.</summary>
        protected IReadOnlyList<SubtitleDocument> BuildDocuments(SubtitleFormat format)
        {
            SubtitleOptions options;
            try
            {
                options = new SubtitleOptions(MaxLineLength, MaxCueDuration);
            }
            catch (SttException ex)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromSttException(ex));
                throw;
            }
            var builder = new SubtitleDocumentBuilder(format, options);
            foreach (Turn turn in _turns) builder.Add(turn);
            if (builder.PartialTurnsIgnored > 0)
            {
                WriteVerbose(string.Format(CultureInfo.CurrentCulture, "Left out {0} partial turn updates; subtitles use end-of-turn turns only.", builder.PartialTurnsIgnored));
            }
            IReadOnlyList<SubtitleDocument> documents = builder.Build();
            if (documents.Count == 0)
            {
                WriteWarning(string.Format(CultureInfo.CurrentCulture,
                    "No end-of-turn turns among the {0} turns received: there are no subtitles to write.", _turns.Count));
            }
            return documents;
        }
    }
}
