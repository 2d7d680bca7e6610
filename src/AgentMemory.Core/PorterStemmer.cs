namespace AgentMemory.Core;

/// <summary>
/// The original Porter (1980) suffix-stripping stemmer for lowercase English words.
/// </summary>
/// <remarks>
/// <para>
/// Lexical recall only works if "remembering", "remembered" and "remembers" meet in one posting
/// list, and the hashing embedder needs the same conflation so that paraphrases share features.
/// Porter is the classic choice: rule-based, dictionary-free, deterministic and fast, and its
/// over-stemming ("generalization" → "gener") is harmless because queries and documents are
/// stemmed identically.
/// </para>
/// <para>
/// This follows the published algorithm (steps 1a–5b, including the original "abli" → "able" rule
/// rather than the later "bli" → "ble" revision). Within a step the longest matching suffix wins and,
/// if its condition fails, no shorter suffix is tried. Input is expected to be lowercase; any
/// character other than a, e, i, o, u (and a vowel-position y) counts as a consonant, so digits and
/// other letters pass through harmlessly. Words of two characters or fewer are returned unchanged.
/// </para>
/// </remarks>
public static class PorterStemmer
{
    // Stack buffers above this size would risk deep stacks on pathological input; longer words
    // (rare in practice) fall back to a heap buffer.
    private const int MaxStackWordLength = 64;

    /// <summary>Returns the Porter stem of a lowercase word; the same instance when nothing changes.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length <= 2)
        {
            return word;
        }

        Span<char> buffer = word.Length <= MaxStackWordLength ? stackalloc char[word.Length] : new char[word.Length];
        word.AsSpan().CopyTo(buffer);
        var stem = buffer[..StemInPlace(buffer)];

        // Some rules rewrite without shortening ("happy" → "happi"), so compare content, not length.
        return stem.SequenceEqual(word) ? word : new string(stem);
    }

    /// <summary>
    /// Stems the word held in <paramref name="word"/> in place and returns the stem's length.
    /// Porter never lengthens a word, so the stem always fits in the original buffer.
    /// </summary>
    internal static int StemInPlace(Span<char> word)
    {
        if (word.Length <= 2)
        {
            return word.Length;
        }

        var stemmer = new Stemmer(word);
        stemmer.Step1A();
        stemmer.Step1B();
        stemmer.Step1C();
        stemmer.Step2();
        stemmer.Step3();
        stemmer.Step4();
        stemmer.Step5A();
        stemmer.Step5B();
        return stemmer.Length;
    }

    private static readonly SuffixRule[] Step2Rules = RulesLongestFirst(
    [
        new("ational", "ate"), new("tional", "tion"), new("enci", "ence"), new("anci", "ance"),
        new("izer", "ize"), new("abli", "able"), new("alli", "al"), new("entli", "ent"),
        new("eli", "e"), new("ousli", "ous"), new("ization", "ize"), new("ation", "ate"),
        new("ator", "ate"), new("alism", "al"), new("iveness", "ive"), new("fulness", "ful"),
        new("ousness", "ous"), new("aliti", "al"), new("iviti", "ive"), new("biliti", "ble"),
    ]);

    private static readonly SuffixRule[] Step3Rules = RulesLongestFirst(
    [
        new("icate", "ic"), new("ative", ""), new("alize", "al"), new("iciti", "ic"),
        new("ical", "ic"), new("ful", ""), new("ness", ""),
    ]);

    // Step 4 only deletes; "ion" carries the extra (*S or *T) condition, handled in Step4.
    private static readonly string[] Step4Suffixes = SuffixesLongestFirst(
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
        "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize",
    ]);

    // Sorting longest-first makes "first match" equal "longest match" (ational before tional,
    // ement before ment before ent); OrderByDescending is stable, so ties keep paper order.
    private static SuffixRule[] RulesLongestFirst(SuffixRule[] rules) =>
        [.. rules.OrderByDescending(rule => rule.Suffix.Length)];

    private static string[] SuffixesLongestFirst(string[] suffixes) =>
        [.. suffixes.OrderByDescending(suffix => suffix.Length)];

    private readonly record struct SuffixRule(string Suffix, string Replacement);

    /// <summary>
    /// Working state over the word buffer: <c>_length</c> is the current word length and
    /// <c>_stemLength</c> the length of the part before the most recently matched suffix.
    /// </summary>
    private ref struct Stemmer(Span<char> word)
    {
        private readonly Span<char> _word = word;
        private int _length = word.Length;
        private int _stemLength;

        public readonly int Length => _length;

        public void Step1A()
        {
            if (_word[_length - 1] != 's')
            {
                return;
            }

            if (EndsWith("sses"))
            {
                _length -= 2;
            }
            else if (EndsWith("ies"))
            {
                ReplaceSuffix("i");
            }
            else if (_length >= 2 && _word[_length - 2] != 's')
            {
                _length--;
            }
        }

        public void Step1B()
        {
            if (EndsWith("eed"))
            {
                if (Measure(_stemLength) > 0)
                {
                    _length--;
                }

                return;
            }

            if (!((EndsWith("ed") || EndsWith("ing")) && StemHasVowel()))
            {
                return;
            }

            _length = _stemLength;
            if (EndsWith("at"))
            {
                ReplaceSuffix("ate");
            }
            else if (EndsWith("bl"))
            {
                ReplaceSuffix("ble");
            }
            else if (EndsWith("iz"))
            {
                ReplaceSuffix("ize");
            }
            else if (EndsWithDoubleConsonant(_length))
            {
                var last = _word[_length - 1];
                if (last is not ('l' or 's' or 'z'))
                {
                    _length--;
                }
            }
            else if (Measure(_length) == 1 && EndsWithConsonantVowelConsonant(_length))
            {
                // Removing "ed"/"ing" freed at least two characters, so there is room for the 'e'.
                _word[_length++] = 'e';
            }
        }

        public void Step1C()
        {
            if (EndsWith("y") && StemHasVowel())
            {
                _word[_length - 1] = 'i';
            }
        }

        public void Step2() => ApplyFirstMatch(Step2Rules);

        public void Step3() => ApplyFirstMatch(Step3Rules);

        public void Step4()
        {
            foreach (var suffix in Step4Suffixes)
            {
                if (!EndsWith(suffix))
                {
                    continue;
                }

                var applies = Measure(_stemLength) > 1;
                if (applies && suffix == "ion")
                {
                    applies = _stemLength > 0 && _word[_stemLength - 1] is 's' or 't';
                }

                if (applies)
                {
                    _length = _stemLength;
                }

                return;
            }
        }

        public void Step5A()
        {
            if (_word[_length - 1] != 'e')
            {
                return;
            }

            var measure = Measure(_length - 1);
            if (measure > 1 || (measure == 1 && !EndsWithConsonantVowelConsonant(_length - 1)))
            {
                _length--;
            }
        }

        public void Step5B()
        {
            if (_word[_length - 1] == 'l' && EndsWithDoubleConsonant(_length) && Measure(_length) > 1)
            {
                _length--;
            }
        }

        /// <summary>Steps 2 and 3: the longest matching suffix is replaced when the stem has m &gt; 0.</summary>
        private void ApplyFirstMatch(SuffixRule[] rules)
        {
            foreach (var rule in rules)
            {
                if (EndsWith(rule.Suffix))
                {
                    if (Measure(_stemLength) > 0)
                    {
                        ReplaceSuffix(rule.Replacement);
                    }

                    return;
                }
            }
        }

        /// <summary>Tests the current word's ending; on a match records where the stem ends.</summary>
        private bool EndsWith(string suffix)
        {
            if (suffix.Length > _length || !_word[.._length].EndsWith(suffix.AsSpan()))
            {
                return false;
            }

            _stemLength = _length - suffix.Length;
            return true;
        }

        /// <summary>Replaces the matched suffix (everything after the stem) with <paramref name="replacement"/>.</summary>
        private void ReplaceSuffix(string replacement)
        {
            replacement.AsSpan().CopyTo(_word[_stemLength..]);
            _length = _stemLength + replacement.Length;
        }

        private readonly bool IsConsonant(int index)
        {
            switch (_word[index])
            {
                case 'a' or 'e' or 'i' or 'o' or 'u':
                    return false;
                case 'y':
                    // y is a vowel after a consonant ("happy") and a consonant otherwise ("toy", "yes").
                    return index == 0 || !IsConsonant(index - 1);
                default:
                    return true;
            }
        }

        /// <summary>The measure m of the first <paramref name="length"/> characters: the number of VC sequences in [C](VC)^m[V].</summary>
        private readonly int Measure(int length)
        {
            var index = 0;
            while (index < length && IsConsonant(index))
            {
                index++;
            }

            var measure = 0;
            while (index < length)
            {
                while (index < length && !IsConsonant(index))
                {
                    index++;
                }

                if (index >= length)
                {
                    break;
                }

                while (index < length && IsConsonant(index))
                {
                    index++;
                }

                measure++;
            }

            return measure;
        }

        /// <summary>The *v* condition: the stem before the matched suffix contains a vowel.</summary>
        private readonly bool StemHasVowel()
        {
            for (var index = 0; index < _stemLength; index++)
            {
                if (!IsConsonant(index))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The *d condition on the first <paramref name="length"/> characters.</summary>
        private readonly bool EndsWithDoubleConsonant(int length) =>
            length >= 2 && _word[length - 1] == _word[length - 2] && IsConsonant(length - 1);

        /// <summary>The *o condition: ends consonant-vowel-consonant and the last consonant is not w, x or y.</summary>
        private readonly bool EndsWithConsonantVowelConsonant(int length) =>
            length >= 3
            && IsConsonant(length - 3)
            && !IsConsonant(length - 2)
            && IsConsonant(length - 1)
            && _word[length - 1] is not ('w' or 'x' or 'y');
    }
}
