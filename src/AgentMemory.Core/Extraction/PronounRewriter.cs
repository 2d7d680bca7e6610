using System.Text;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// Rewrites first- and second-person words into names so a sentence stays true out of its conversation:
/// "I'm keen on counseling" said by Caroline becomes "Caroline is keen on counseling".
/// </summary>
/// <remarks>
/// <para>
/// Decisions: "I", "me" → the speaker; "my", "mine" → "&lt;speaker&gt;'s"; "I'm/I've/I'll" → "&lt;speaker&gt;
/// is/has/will"; "I'd" → "had" before a participle ("been", "gone", "-ed"), otherwise "would". "we"/"us" →
/// "&lt;speaker&gt; and others" and "our" → "&lt;speaker&gt;'s" (or "their" once "we" has been rewritten in the
/// sentence): between two chat partners "we" usually means the speaker's own circle (family, friends), and naming
/// the listener would invent facts about them; vagueness is the smaller error. "you/your" → the listener (or "the
/// listener" when unknown); reflexives become "themselves" because the extractor does not guess gender.
/// </para>
/// <para>
/// Verb agreement follows: after "I" the next verb (past adverbs such as "really", "also") gets the third person
/// ("I love" → "Caroline loves", "I don't" → "Caroline doesn't"); irregular pasts, modals and -ed forms are left
/// alone. After "you" only unambiguous auxiliaries and common verbs change, since "you" is also an object.
/// </para>
/// </remarks>
internal static class PronounRewriter
{
    private enum Agreement
    {
        None,
        Strong,
        Weak,
    }

    /// <summary>Rewrites <paramref name="sentence"/>; <paramref name="firstPerson"/> tells whether a first-person word was replaced.</summary>
    public static string Rewrite(string sentence, string speaker, string listener, out bool firstPerson)
    {
        firstPerson = false;
        var tokens = WordScanner.Scan(sentence);
        if (tokens.Count == 0)
        {
            return sentence;
        }

        var possessiveSpeaker = Possessive(speaker);
        var possessiveListener = Possessive(listener);
        var group = speaker + " and others";
        var builder = new StringBuilder(sentence.Length + 32);
        var position = 0;
        var agreement = Agreement.None;
        var weSeen = false;
        for (var k = 0; k < tokens.Count; k++)
        {
            var token = tokens[k];
            builder.Append(sentence, position, token.Start - position);
            position = token.End;
            var original = sentence.Substring(token.Start, token.Length);
            var word = WordScanner.Normalize(sentence, token);
            var adjacentToPrevious = k > 0 && WordScanner.Adjacent(sentence, tokens[k - 1], token);

            if (agreement != Agreement.None)
            {
                if (adjacentToPrevious && EnglishLexicon.VerbAdverbs.Contains(word) && word is not ("so" or "much" or "all" or "both"))
                {
                    builder.Append(original);
                    continue;
                }

                var strong = agreement == Agreement.Strong;
                agreement = Agreement.None;
                if (adjacentToPrevious && TryAgree(word, strong, out var agreed))
                {
                    builder.Append(agreed);
                    continue;
                }
            }

            var previous = k > 0 ? WordScanner.Normalize(sentence, tokens[k - 1]) : string.Empty;
            switch (word)
            {
                case "i":
                    firstPerson = true;
                    builder.Append(speaker);
                    agreement = IsCompoundSubject(sentence, tokens, k, previous) ? Agreement.None : Agreement.Strong;
                    break;
                case "i'm" or "im" when word == "i'm" || original == "im" || original == "Im":
                    firstPerson = true;
                    builder.Append(speaker).Append(" is");
                    break;
                case "i've":
                    firstPerson = true;
                    builder.Append(speaker).Append(" has");
                    break;
                case "i'll":
                    firstPerson = true;
                    builder.Append(speaker).Append(" will");
                    break;
                case "i'd":
                    firstPerson = true;
                    builder.Append(speaker).Append(FollowedByParticiple(sentence, tokens, k) ? " had" : " would");
                    break;
                case "me":
                    firstPerson = true;
                    builder.Append(speaker);
                    break;
                case "my" or "mine":
                    firstPerson = true;
                    builder.Append(possessiveSpeaker);
                    break;
                case "myself" or "ourselves" or "yourself" or "yourselves":
                    builder.Append("themselves");
                    break;
                case "we":
                    firstPerson = true;
                    weSeen = true;
                    builder.Append(group);
                    break;
                case "we're":
                    firstPerson = true;
                    weSeen = true;
                    builder.Append(group).Append(" are");
                    break;
                case "we've":
                    firstPerson = true;
                    weSeen = true;
                    builder.Append(group).Append(" have");
                    break;
                case "we'll":
                    firstPerson = true;
                    weSeen = true;
                    builder.Append(group).Append(" will");
                    break;
                case "we'd":
                    firstPerson = true;
                    weSeen = true;
                    builder.Append(group).Append(FollowedByParticiple(sentence, tokens, k) ? " had" : " would");
                    break;
                case "us" when original != "US":
                    firstPerson = true;
                    builder.Append(group);
                    break;
                case "our" or "ours":
                    firstPerson = true;
                    builder.Append(weSeen ? "their" : possessiveSpeaker);
                    break;
                case "you" or "u" when word == "you" || original == "u":
                    if (k + 1 < tokens.Count && WordScanner.Adjacent(sentence, token, tokens[k + 1])
                        && WordScanner.Normalize(sentence, tokens[k + 1]) is "guys" or "all" or "folks" or "two")
                    {
                        // "you guys" is the listener's circle, as "we" is the speaker's.
                        builder.Append(listener).Append(" and others");
                        position = tokens[++k].End;
                        agreement = Agreement.None;
                        break;
                    }

                    builder.Append(listener);
                    agreement = IsCompoundSubject(sentence, tokens, k, previous) ? Agreement.None : Agreement.Weak;
                    break;
                case "you're":
                    builder.Append(listener).Append(" is");
                    break;
                case "you've":
                    builder.Append(listener).Append(" has");
                    break;
                case "you'll":
                    builder.Append(listener).Append(" will");
                    break;
                case "you'd":
                    builder.Append(listener).Append(FollowedByParticiple(sentence, tokens, k) ? " had" : " would");
                    break;
                case "your" or "yours":
                    builder.Append(possessiveListener);
                    break;
                default:
                    builder.Append(original);
                    break;
            }
        }

        builder.Append(sentence, position, sentence.Length - position);
        return builder.ToString();
    }

    /// <summary>
    /// "my kids and I went" is a plural subject (no agreement), but ", and I want" starts a new clause: a comma
    /// before the conjunction, or nothing before it, means the pronoun is a subject on its own.
    /// </summary>
    private static bool IsCompoundSubject(string sentence, List<WordToken> tokens, int k, string previous)
    {
        if (previous is not ("and" or "or" or "nor") || k < 2)
        {
            return false;
        }

        var gap = sentence.AsSpan(tokens[k - 2].End, tokens[k - 1].Start - tokens[k - 2].End);
        return gap.IndexOfAny(',', ';', '-') < 0;
    }

    /// <summary>"Caroline" → "Caroline's"; "the listener" → "the listener's".</summary>
    internal static string Possessive(string name) => name + "'s";

    /// <summary>Gives <paramref name="word"/> the third-person singular form when it is the verb after a rewritten subject.</summary>
    private static bool TryAgree(string word, bool strong, out string agreed)
    {
        if (EnglishLexicon.AgreementMap.TryGetValue(word, out var mapped))
        {
            agreed = mapped;
            return true;
        }

        agreed = word;
        if (!strong && !EnglishLexicon.CommonBaseVerbs.Contains(word))
        {
            return false;
        }

        if (word.Length < 2 || EnglishLexicon.NoAgreementForms.Contains(word)
            || word.EndsWith("ed", StringComparison.Ordinal) || word.EndsWith("ing", StringComparison.Ordinal)
            || word.EndsWith("ly", StringComparison.Ordinal) || word.EndsWith("n't", StringComparison.Ordinal)
            || word.Contains('\'', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        agreed = ThirdPerson(word);
        return true;
    }

    /// <summary>"love" → "loves", "watch" → "watches", "try" → "tries", "go" → "goes".</summary>
    internal static string ThirdPerson(string verb)
    {
        if (verb.EndsWith('s') || verb.EndsWith("sh", StringComparison.Ordinal) || verb.EndsWith("ch", StringComparison.Ordinal)
            || verb.EndsWith('x') || verb.EndsWith('z') || verb.EndsWith('o'))
        {
            return verb + "es";
        }

        if (verb.Length > 1 && verb[^1] == 'y' && verb[^2] is not ('a' or 'e' or 'i' or 'o' or 'u'))
        {
            return verb[..^1] + "ies";
        }

        return verb + "s";
    }

    /// <summary>Whether the next non-adverb word after token <paramref name="k"/> is a past participle ("I'd been").</summary>
    private static bool FollowedByParticiple(string sentence, List<WordToken> tokens, int k)
    {
        for (var j = k + 1; j < tokens.Count; j++)
        {
            var word = WordScanner.Normalize(sentence, tokens[j]);
            if (EnglishLexicon.VerbAdverbs.Contains(word) || word is "never" or "not")
            {
                continue;
            }

            return word is "been" or "gone" or "done" or "had" or "seen" or "heard" or "met" or "made" or "taken"
                or "given" or "known" or "forgotten" or "gotten" or "got" or "become"
                || (word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 3);
        }

        return false;
    }
}
