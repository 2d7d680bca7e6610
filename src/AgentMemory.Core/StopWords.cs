using System.Collections.Frozen;

namespace AgentMemory.Core;

/// <summary>
/// A compact list of English function words that carry no retrieval signal.
/// </summary>
/// <remarks>
/// <para>
/// Dropping these keeps posting lists short (the "the" list would otherwise contain every
/// document) and stops BM25 and the hashing embedder from matching on grammar instead of content.
/// The list is deliberately small: personal pronouns are included because conversational memory is
/// full of "I", "you" and "we", but content words are not (nor "may", which is also a month), and the negations "not" and "no" (and
/// their contractions such as "dont" and "isnt") are kept out because "I do not like cats" must not
/// look like "I like cats".
/// </para>
/// <para>
/// Terms are compared as produced by <see cref="TextAnalyzer"/> before stemming: lowercase with
/// apostrophes removed, which is why contractions like "im" and "youre" appear here.
/// </para>
/// </remarks>
public static class StopWords
{
    private static readonly FrozenSet<string> Words = FrozenSet.Create(
        StringComparer.Ordinal,
        [
            // Articles, conjunctions, prepositions.
            "a", "an", "the", "and", "or", "but", "if", "because", "as", "until", "while", "than", "so", "nor",
            "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
            "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
            "over", "under", "then",
            // Auxiliary and linking verbs.
            "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having",
            "do", "does", "did", "doing", "will", "would", "shall", "should", "can", "could", "might",
            "must",
            // Personal, possessive and reflexive pronouns.
            "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves",
            "you", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself",
            "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their", "theirs",
            "themselves",
            // Determiners, demonstratives, interrogatives.
            "this", "that", "these", "those", "what", "which", "who", "whom", "whose", "when", "where",
            "why", "how", "here", "there", "all", "any", "both", "each", "some", "such", "too",
            "very", "just", "also",
            // Pronoun contractions once apostrophes are dropped ("I'm" → "im").
            "im", "ive", "youre", "youve", "youll", "youd", "hes", "shes", "theyre", "theyve", "theyll",
            "weve", "thats", "theres", "whats", "lets",
        ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="term"/> (lowercase, apostrophes removed) is a stop word.</summary>
    public static bool Contains(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return Words.Contains(term);
    }

    /// <summary>Span overload so the analyzer can reject a token before allocating a string for it.</summary>
    internal static bool Contains(ReadOnlySpan<char> term) => SpanLookup.Contains(term);

    /// <summary>How many words the list holds (for tests and diagnostics).</summary>
    internal static int Count => Words.Count;
}
