namespace AgentMemory.Core.Extraction;

/// <summary>
/// Strips chat filler from the edges of a sentence: interjections ("Wow,", "Hey", "lol"), discourse words followed
/// by punctuation ("Great!", "Thanks,"), vocatives ("…, Caroline!") and two-word pleasantries ("Thank you").
/// </summary>
/// <remarks>
/// Filler carries no memory and, left in place, would end up inside facts ("Wow Caroline went …") and inflate the
/// content-word count that decides whether a sentence is worth a fact. Soft fillers such as "Great" are only
/// removed when punctuation follows, so "Great Barrier Reef" and "Thanks to her help" survive.
/// </remarks>
internal static class FillerTrimmer
{
    private static readonly string[] LeadingPhrases =
    [
        "thank you", "by the way", "oh my god", "oh my gosh", "oh my goodness", "guess what", "you know", "i mean",
        "of course", "no way", "oh well", "good morning", "good evening", "good night", "good afternoon",
        "hey there", "hi there", "hello there", "to be honest", "for sure", "all right", "so far, so good", "so far so good",

        // Corrections: what follows them is the fact ("Sorry, I got that wrong: I work as a teacher").
        "i got that wrong", "i got it wrong", "i was wrong", "my mistake", "my bad", "let me correct that",
        "to correct myself", "i misspoke", "i meant to say", "what i meant was",
    ];

    private static readonly string[] TrailingTokens = ["lol", "haha", "hahaha", "lmao", "xd", "hehe", "btw", "tho"];

    /// <summary>The sentence without leading and trailing filler; possibly empty.</summary>
    public static string Trim(string sentence, IReadOnlyList<string> participants)
    {
        var text = sentence;
        var strippedSomething = false;
        for (var guard = 0; guard < 16; guard++)
        {
            text = TrimLeadingPunctuation(text);
            if (text.Length == 0 || !char.IsLetterOrDigit(text[0]))
            {
                break;
            }

            var lower = text.ToLowerInvariant().Replace('\u2019', '\'');
            var phrase = LeadingPhrases.FirstOrDefault(p => lower.StartsWith(p, StringComparison.Ordinal) && (lower.Length == p.Length || !char.IsLetterOrDigit(lower[p.Length])));
            if (phrase is not null)
            {
                text = text[phrase.Length..];
                strippedSomething = true;
                continue;
            }

            var wordEnd = 0;
            while (wordEnd < text.Length && (char.IsLetterOrDigit(text[wordEnd]) || (WordScanner.IsApostrophe(text[wordEnd]) && wordEnd + 1 < text.Length && char.IsLetter(text[wordEnd + 1]))))
            {
                wordEnd++;
            }

            var word = lower[..wordEnd];
            var next = NextNonSpace(text, wordEnd);
            var punctuationFollows = next is '\0' or ',' or '!' or '.' or '-' or ':' or ';' or '\u2014' or '\u2013' or '~' or '\u2026';
            if (EnglishLexicon.Interjections.Contains(word)
                || (EnglishLexicon.SoftFillers.Contains(word) && (punctuationFollows || EnglishLexicon.SubjectOpeners.Contains(NextWord(lower, wordEnd)))))
            {
                text = text[wordEnd..];
                strippedSomething = true;
                continue;
            }

            var isParticipant = IsParticipantName(text[..wordEnd], participants);
            var vocative = char.IsUpper(text[0]) && word != "i" && punctuationFollows && next != '\0' && (strippedSomething || isParticipant);
            if (vocative || (isParticipant && next is ',' or '!'))
            {
                text = text[wordEnd..];
                strippedSomething = true;
                continue;
            }

            break;
        }

        return TrimTrailing(text.Trim(), participants);
    }

    private static string TrimTrailing(string text, IReadOnlyList<string> participants)
    {
        for (var guard = 0; guard < 8 && text.Length > 0; guard++)
        {
            var end = text.Length;
            while (end > 0 && !char.IsLetterOrDigit(text[end - 1]))
            {
                end--;
            }

            var start = end;
            while (start > 0 && char.IsLetterOrDigit(text[start - 1]))
            {
                start--;
            }

            if (start == end)
            {
                return string.Empty;
            }

            var word = text[start..end];
            var terminal = text[end..];
            if (TrailingTokens.Contains(word.ToLowerInvariant()) && start > 0)
            {
                text = text[..start].TrimEnd() + terminal.Trim();
                continue;
            }

            // "…, Caroline!" → "…!": a trailing vocative naming a participant.
            var comma = start - 1;
            while (comma >= 0 && text[comma] == ' ')
            {
                comma--;
            }

            if (comma > 0 && text[comma] == ',' && IsParticipantName(word, participants))
            {
                text = text[..comma].TrimEnd() + terminal.Trim();
                continue;
            }

            break;
        }

        return text;
    }

    private static bool IsParticipantName(string word, IReadOnlyList<string> participants)
    {
        if (word.Length == 0 || !char.IsUpper(word[0]))
        {
            return false;
        }

        var canonical = EntityFinder.Canonicalize(word, participants);
        return participants.Any(p => string.Equals(p, canonical, StringComparison.Ordinal));
    }

    private static string TrimLeadingPunctuation(string text)
    {
        var k = 0;
        while (k < text.Length && (char.IsWhiteSpace(text[k]) || text[k] is ',' or '.' or '!' or '-' or ':' or ';' or '~' or '*' or '\u2014' or '\u2013' or '\u2026'))
        {
            k++;
        }

        return k == 0 ? text : text[k..];
    }

    private static string NextWord(string lower, int from)
    {
        var k = from;
        while (k < lower.Length && lower[k] == ' ')
        {
            k++;
        }

        var end = k;
        while (end < lower.Length && (char.IsLetterOrDigit(lower[end]) || (lower[end] == '\'' && end + 1 < lower.Length && char.IsLetter(lower[end + 1]))))
        {
            end++;
        }

        return lower[k..end];
    }

    private static char NextNonSpace(string text, int from)
    {
        for (var k = from; k < text.Length; k++)
        {
            if (!char.IsWhiteSpace(text[k]))
            {
                return text[k];
            }
        }

        return '\0';
    }
}
