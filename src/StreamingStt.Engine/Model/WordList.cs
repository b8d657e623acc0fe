// Copyright (c) StreamingStt contributors. MIT License.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace StreamingStt
{
    /// <summary>
    /// The words of a turn. A read-only list whose ToString() stays on one line,
    /// so Export-Csv writes a tidy cell instead of a type name.
    /// </summary>
    public sealed class WordList : IReadOnlyList<Word>
    {
        public static readonly WordList Empty = new WordList(Array.Empty<Word>());

        private readonly Word[] _words;

        public WordList(IEnumerable<Word> words)
        {
            _words = words as Word[] ?? words.ToArray();
        }

        public int Count => _words.Length;
        public Word this[int index] => _words[index];
        public IEnumerator<Word> GetEnumerator() => ((IEnumerable<Word>)_words).GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => _words.GetEnumerator();

        public override string ToString() => string.Join(" ", _words.Select(w => w.ToString()));
    }
}
