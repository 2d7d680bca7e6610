namespace AgentMemory.Core.Extraction;

/// <summary>
/// Finds named entities in chat sentences by capitalization, and guesses their kind from nearby cue words.
/// </summary>
/// <remarks>
/// <para>
/// English capitalizes names, so a capitalized word that does not open a sentence is very likely a name, an
/// acronym (LGBTQ) or a title; that simple rule carries most of the precision a statistical tagger would give on
/// chat text. Sentence-initial words are ambiguous ("Painting helps"), so they count only when the same name is
/// known otherwise: a participant, or seen non-initially elsewhere in the same text (<see cref="AcceptInitial"/>).
/// </para>
/// <para>
/// Possessives are normalized ("Caroline's" → "Caroline") and break a sequence, and nicknames that prefix a
/// participant's first name ("Mel" for "Melanie") map to the participant, so one person is one graph node.
/// </para>
/// </remarks>
internal static class EntityFinder
{
    private const int MaxSequenceWords = 6;

    /// <summary>A capitalized sequence found in one sentence.</summary>
    internal readonly record struct Candidate(string Name, EntityKind Kind, bool SentenceInitial);

    /// <summary>Appends the capitalized sequences of <paramref name="sentence"/> to <paramref name="into"/>.</summary>
    public static void Collect(string sentence, IReadOnlyList<string> participants, List<Candidate> into)
    {
        var tokens = WordScanner.Scan(sentence, includeHyphens: true);
        for (var k = 0; k < tokens.Count; k++)
        {
            if (!IsNameWord(sentence, tokens[k], out _))
            {
                continue;
            }

            var start = k;
            var end = k;
            while (end - start + 1 < MaxSequenceWords && !IsPossessive(sentence, tokens[end]) && end + 1 < tokens.Count
                && SingleSpace(sentence, tokens[end], tokens[end + 1]))
            {
                if (IsNameWord(sentence, tokens[end + 1], out _))
                {
                    end++;
                }
                else if (end + 2 < tokens.Count && WordScanner.Normalize(sentence, tokens[end + 1]) == "of"
                    && SingleSpace(sentence, tokens[end + 1], tokens[end + 2]) && IsNameWord(sentence, tokens[end + 2], out _))
                {
                    end += 2;
                }
                else
                {
                    break;
                }
            }

            var name = sentence[tokens[start].Start..tokens[end].End];
            if (IsPossessive(sentence, tokens[end]))
            {
                name = name[..^2];
            }

            name = Canonicalize(name, participants);
            var kind = Classify(sentence, tokens, start, end, name, participants);
            into.Add(new Candidate(name, kind, start == 0));
            k = end;
        }
    }

    /// <summary>
    /// Whether a sentence-initial candidate is a real entity: a participant or a name also seen elsewhere.
    /// </summary>
    public static bool AcceptInitial(Candidate candidate, ICollection<string> knownLowercase) =>
        knownLowercase.Contains(candidate.Name.ToLowerInvariant());

    /// <summary>Maps a nickname that prefixes a participant's first name (3+ letters) to that participant.</summary>
    public static string Canonicalize(string name, IReadOnlyList<string> participants)
    {
        foreach (var participant in participants)
        {
            if (string.Equals(name, participant, StringComparison.OrdinalIgnoreCase))
            {
                return participant;
            }

            var firstName = participant.Split(' ')[0];
            if (name.Length >= 3 && !name.Contains(' ', StringComparison.Ordinal) && name.Length < firstName.Length
                && firstName.StartsWith(name, StringComparison.Ordinal))
            {
                return participant;
            }
        }

        return name;
    }

    private static bool IsNameWord(string sentence, WordToken token, out bool acronym)
    {
        acronym = false;
        var first = sentence[token.Start];
        if (!char.IsUpper(first) || token.Length < 2)
        {
            return false;
        }

        var word = WordScanner.Normalize(sentence, token);
        if (word.EndsWith("'s", StringComparison.Ordinal))
        {
            word = word[..^2];
        }

        if (EnglishLexicon.NonEntityWords.Contains(word))
        {
            return false;
        }

        acronym = true;
        for (var i = token.Start; i < token.End; i++)
        {
            if (char.IsLower(sentence[i]))
            {
                acronym = false;
                break;
            }
        }

        // Long all-caps words are shouting ("INTENSE"), not acronyms; real acronyms are short (LGBTQ, NYC, UK).
        return !acronym || token.Length <= 5;
    }

    private static bool IsPossessive(string sentence, WordToken token) =>
        token.Length > 2 && (sentence[token.End - 1] is 's' or 'S') && WordScanner.IsApostrophe(sentence[token.End - 2]);

    private static bool SingleSpace(string sentence, WordToken first, WordToken second) =>
        second.Start == first.End + 1 && sentence[first.End] == ' ';

    private static EntityKind Classify(string sentence, List<WordToken> tokens, int start, int end, string name, IReadOnlyList<string> participants)
    {
        foreach (var participant in participants)
        {
            if (string.Equals(name, participant, StringComparison.Ordinal))
            {
                return EntityKind.Person;
            }
        }

        var lastWord = WordScanner.Normalize(sentence, tokens[end]);
        if (lastWord.EndsWith("'s", StringComparison.Ordinal))
        {
            lastWord = lastWord[..^2];
        }

        // A head noun only classifies a multi-word name: "Lincoln Park", "Stanford University", not "Park" alone.
        if (end > start && EnglishLexicon.OrganizationHeads.Contains(lastWord))
        {
            return EntityKind.Organization;
        }

        if (end > start && EnglishLexicon.PlaceHeads.Contains(lastWord))
        {
            return EntityKind.Place;
        }

        var previous = start > 0 ? WordScanner.Normalize(sentence, tokens[start - 1]) : string.Empty;
        var beforePrevious = start > 1 ? WordScanner.Normalize(sentence, tokens[start - 2]) : string.Empty;
        var next = end + 1 < tokens.Count ? WordScanner.Normalize(sentence, tokens[end + 1]) : string.Empty;
        var commaBefore = start > 0 && sentence.AsSpan(tokens[start - 1].End, tokens[start].Start - tokens[start - 1].End).Contains(',');

        if (EnglishLexicon.PersonCues.Contains(previous) || EnglishLexicon.PersonVerbCues.Contains(next))
        {
            return EntityKind.Person;
        }

        if (previous is "named" or "called")
        {
            return EntityKind.Other;
        }

        if ((previous is "at" or "for") && beforePrevious is "work" or "works" or "worked" or "working" or "job" or "employed"
            or "intern" or "interning" or "internship" or "volunteer" or "volunteering" or "volunteered" or "volunteers")
        {
            return EntityKind.Organization;
        }

        if (EnglishLexicon.PlacePrepositions.Contains(previous)
            || (previous == "to" && EnglishLexicon.MotionVerbs.Contains(beforePrevious))
            || (previous == "from" && beforePrevious is "am" or "is" or "are" or "was" or "come" or "comes" or "came" or "originally" or "moved" or "back")
            || (commaBefore && EnglishLexicon.PlaceApposition.Contains(previous)))
        {
            return EntityKind.Place;
        }

        return EntityKind.Other;
    }
}
