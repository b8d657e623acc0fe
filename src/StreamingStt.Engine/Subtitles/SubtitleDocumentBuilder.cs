// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt.Engine.Subtitles
{
    /// <summary>
    /// Collects turns as they come (from a pipeline) and makes one subtitle document per Source, in the order
    /// the sources first appeared. Only end-of-turn turns are kept; partial updates are counted and dropped.
    /// </summary>
    internal sealed class SubtitleDocumentBuilder
    {
        private readonly Dictionary<string, List<Turn>> _turnsBySource = new Dictionary<string, List<Turn>>(StringComparer.Ordinal);
        private readonly List<string?> _sources = new List<string?>();

        public SubtitleDocumentBuilder(SubtitleFormat format, SubtitleOptions options)
        {
            Format = format;
            Options = options ?? throw new ArgumentNullException(nameof(options));
        }

        public SubtitleFormat Format { get; }
        public SubtitleOptions Options { get; }
        /// <summary>Partial (not end-of-turn) updates received and left out.</summary>
        public int PartialTurnsIgnored { get; private set; }
        /// <summary>The distinct sources of the end-of-turn turns so far, in order of first appearance.</summary>
        public IReadOnlyList<string?> Sources => _sources;

        /// <summary>Keeps an end-of-turn turn; returns false (and keeps nothing) for a partial one.</summary>
        public bool Add(Turn turn)
        {
            if (turn is null) throw new ArgumentNullException(nameof(turn));
            if (!turn.EndOfTurn)
            {
                PartialTurnsIgnored++;
                return false;
            }
            // A null Source (turns from a stream without a name) groups apart from every named one.
            string key = turn.Source is null ? "\0" : "|" + turn.Source;
            if (!_turnsBySource.TryGetValue(key, out List<Turn>? turns))
            {
                turns = new List<Turn>();
                _turnsBySource.Add(key, turns);
                _sources.Add(turn.Source);
            }
            turns.Add(turn);
            return true;
        }

        /// <summary>One document per source; none when no end-of-turn turn was added.</summary>
        public IReadOnlyList<SubtitleDocument> Build() =>
            _sources.Select(source => Create(source, _turnsBySource[source is null ? "\0" : "|" + source], Format, Options)).ToList();

        /// <summary>The document of one source's turns.</summary>
        public static SubtitleDocument Create(string? source, IEnumerable<Turn> turns, SubtitleFormat format, SubtitleOptions options)
        {
            IReadOnlyList<SubtitleCue> cues = SubtitleCueBuilder.Build(turns, format, options);
            string text = format == SubtitleFormat.WebVtt ? WebVttWriter.Write(cues) : SrtWriter.Write(cues);
            return new SubtitleDocument(source, format, cues, text);
        }
    }
}
