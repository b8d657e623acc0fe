// Copyright (c) StreamingStt contributors. MIT License.
using System.Management.Automation;
using StreamingStt.Commands.Infrastructure;

namespace StreamingStt.Commands
{
    /// <summary>
    /// Turns end-of-turn turns into SRT or WebVTT subtitles: one SubtitleDocument per Source, written when the
    /// input ends. Export-SttSubtitle writes the same documents to files.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "SttSubtitle")]
    [OutputType(typeof(SubtitleDocument))]
    public sealed class ConvertToSttSubtitleCommand : SubtitleCmdletBase
    {
        #region Parameters

        /// <summary>The subtitle format: Srt (SubRip) or WebVtt.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public SubtitleFormat Format { get; set; }

        #endregion

        #region Overrides

        protected override void EndProcessing()
        {
            foreach (SubtitleDocument document in BuildDocuments(Format)) WriteObject(document);
        }

        #endregion
    }
}
