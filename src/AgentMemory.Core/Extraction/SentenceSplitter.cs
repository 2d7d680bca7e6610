using System.Collections.Frozen;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// Splits chat text into sentences on ., !, ?, … and line breaks, without breaking abbreviations, initials or
/// decimal numbers.
/// </summary>
/// <remarks>
/// A full tokenizer model would be more accurate, but chat turns are short and informal, and the failure that
/// matters most (a fact cut in two at "Dr." or "3.5") is handled by three rules: a terminator only ends a sentence
/// when whitespace or the end of the text follows it; a single period after a known abbreviation or a single
/// capital letter does not; and an ellipsis followed by a lowercase word ("I was like... wow") does not.
/// </remarks>
internal static class SentenceSplitter
{
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.Create(
        StringComparer.Ordinal,
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k",
        "inc", "ltd", "co", "corp", "dept", "approx", "ave", "fig", "jan", "feb", "aug", "sept", "oct", "nov", "dec");

    /// <summary>The sentences of <paramref name="text"/>, trimmed, terminators included, empty ones dropped.</summary>
    public static List<string> Split(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Add(text, start, i, sentences);
                start = i + 1;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '\u2026'))
            {
                continue;
            }

            var end = i;
            while (end + 1 < text.Length && text[end + 1] is '.' or '!' or '?' or '\u2026')
            {
                end++;
            }

            var isEllipsis = c == '\u2026' || (end > i && text[i + 1] == '.');
            var isSinglePeriod = c == '.' && end == i;
            while (end + 1 < text.Length && text[end + 1] is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']')
            {
                end++;
            }

            if (end + 1 < text.Length && !char.IsWhiteSpace(text[end + 1]))
            {
                i = end;
                continue;
            }

            if ((isSinglePeriod && IsAbbreviationBefore(text, i)) || (isEllipsis && NextWordIsLowercase(text, end + 1)))
            {
                i = end;
                continue;
            }

            Add(text, start, end + 1, sentences);
            start = end + 1;
            i = end;
        }

        Add(text, start, text.Length, sentences);
        return sentences;
    }

    private static void Add(string text, int start, int end, List<string> sentences)
    {
        var span = text.AsSpan(start, end - start).Trim();
        if (!span.IsEmpty)
        {
            sentences.Add(span.ToString());
        }
    }

    /// <summary>Whether the letters (and inner dots) right before the period at <paramref name="period"/> are an abbreviation or an initial.</summary>
    private static bool IsAbbreviationBefore(string text, int period)
    {
        var start = period;
        while (start > 0 && (char.IsLetter(text[start - 1]) || (text[start - 1] == '.' && start - 1 > 0 && char.IsLetter(text[start - 2]))))
        {
            start--;
        }

        var length = period - start;
        if (length == 0)
        {
            return false;
        }

        if (length == 1)
        {
            return char.IsUpper(text[start]);
        }

        return length <= 5 && Abbreviations.Contains(text.Substring(start, length).ToLowerInvariant());
    }

    private static bool NextWordIsLowercase(string text, int from)
    {
        var k = from;
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            if (text[k] is '\n' or '\r')
            {
                return false;
            }

            k++;
        }

        return k < text.Length && char.IsLower(text[k]);
    }
}
