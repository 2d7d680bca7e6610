namespace AgentMemory.Core.Extraction;

/// <summary>
/// Splits text into <see cref="WordToken"/>s for the rule-based extraction passes.
/// </summary>
/// <remarks>
/// Unlike <see cref="TextAnalyzer"/> this keeps positions and original spelling, because the extractor rewrites
/// text in place (pronouns, dates) and reads capitalization (entities). Apostrophes between letters stay inside
/// the word so "I'm", "Caroline's" and "don't" are single tokens, which is what pronoun and possessive handling
/// needs. Typographic apostrophes count as apostrophes: chat clients emit both.
/// </remarks>
internal static class WordScanner
{
    /// <summary>Scans <paramref name="text"/>; with <paramref name="includeHyphens"/>, "Jean-Luc" is one word.</summary>
    public static List<WordToken> Scan(string text, bool includeHyphens = false)
    {
        var words = new List<WordToken>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length)
            {
                var c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    i++;
                }
                else if ((IsApostrophe(c) || (includeHyphens && c == '-'))
                    && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
                {
                    i += 2;
                }
                else
                {
                    break;
                }
            }

            words.Add(new WordToken(start, i - start));
        }

        return words;
    }

    /// <summary>ASCII apostrophe, right single quotation mark or modifier-letter apostrophe.</summary>
    public static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    /// <summary>The word lowercased (invariant) with every apostrophe normalized to ASCII.</summary>
    public static string Normalize(string text, WordToken word)
    {
        return string.Create(word.Length, (text, word.Start), static (span, state) =>
        {
            var source = state.text.AsSpan(state.Start, span.Length);
            for (var k = 0; k < span.Length; k++)
            {
                var c = source[k];
                span[k] = IsApostrophe(c) ? '\'' : char.ToLowerInvariant(c);
            }
        });
    }

    /// <summary>True when only spaces or tabs (no punctuation, no line break) separate the two words.</summary>
    public static bool Adjacent(string text, WordToken first, WordToken second)
    {
        if (second.Start <= first.End)
        {
            return false;
        }

        for (var k = first.End; k < second.Start; k++)
        {
            if (text[k] is not (' ' or '\t' or '\u00A0'))
            {
                return false;
            }
        }

        return true;
    }
}
