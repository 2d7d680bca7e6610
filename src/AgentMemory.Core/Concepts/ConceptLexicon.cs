using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;

namespace AgentMemory.Core.Concepts;

/// <summary>
/// A noun taxonomy (WordNet 3.0's hyponym hierarchy by default) that tells which words name kinds
/// of a category: "instruments" → clarinet, violin, piano; "European countries" → Spain, France;
/// "martial arts" → karate, judo. Recall uses it to expand a query's category words into the
/// words a conversation actually uses, which neither BM25 nor the hashing embedder can do.
/// </summary>
/// <remarks>
/// <para>
/// Everything is keyed by <see cref="TextAnalyzer"/> terms, so lexicon and index match exactly: a
/// lemma "martial art" becomes the key "martial art", a query's "martial arts" the adjacent terms
/// "martial", "art". Two-term categories are tried before single terms, so "martial arts" never
/// expands as "art".
/// </para>
/// <para>
/// A category word stands for all of its senses: the query gives no way to choose ("instrument" is
/// first a device, sixth a musical instrument). A member, on the other hand, counts only through its
/// first sense: "job" is first an occupation, so it is not a book even though the Book of Job is,
/// and most of the noise of rare senses stays out. A category whose members number more than a caller's cap
/// ("activity", "event", "thing": thousands) is too general to say anything and is not expanded.
/// Members are single-term lemmas only; multi-word members ("ice cream") would have to match as
/// phrases, which BM25 cannot express.
/// </para>
/// <para>
/// The lexicon is immutable after construction and safe to share across threads and grains; member
/// lists are computed on first use per category and cached.
/// </para>
/// </remarks>
public sealed class ConceptLexicon
{
    /// <summary>The embedded resource built by tools/lexicon/build-concepts.py.</summary>
    public const string WordNetResourceName = "AgentMemory.Core.Resources.wordnet-nouns.tsv.gz";

    /// <summary>Member lists are cached only up to this size; larger categories are cached as too general.</summary>
    public const int MaxCachedMembers = 20_000;

    private static readonly Lazy<ConceptLexicon> WordNetInstance = new(LoadWordNet, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly int[][] _hyponyms;
    private readonly string[][] _terms;
    private readonly Dictionary<string, int[]> _synsetsByKey;
    private readonly ConcurrentDictionary<string, string[]?> _members = new(StringComparer.Ordinal);

    private ConceptLexicon(int[][] hyponyms, string[][] terms, Dictionary<string, int[]> synsetsByKey)
    {
        _hyponyms = hyponyms;
        _terms = terms;
        _synsetsByKey = synsetsByKey;
    }

    /// <summary>WordNet 3.0's nouns, loaded once per process from the embedded resource.</summary>
    public static ConceptLexicon WordNet => WordNetInstance.Value;

    /// <summary>Number of concepts (synsets).</summary>
    public int ConceptCount => _hyponyms.Length;

    /// <summary>
    /// Reads the lexicon format: one concept per line, <c>lemma|lemma…&lt;TAB&gt;hyponym,hyponym…</c>,
    /// where a lemma starts with '*' in the concept that is its first (most frequent) sense, and a
    /// hyponym is the 0-based number of another concept line; lines starting with '#' are comments.
    /// </summary>
    /// <exception cref="FormatException">A line is malformed or names a concept that does not exist.</exception>
    public static ConceptLexicon Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var hyponyms = new List<int[]>();
        var terms = new List<string[]>();
        var keys = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var analyzed = new List<string>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw new FormatException($"Concept line {lineNumber} has no tab between lemmas and hyponyms.");
            }

            var concept = hyponyms.Count;
            var single = new List<string>();
            foreach (var entry in line.AsSpan(0, tab).ToString().Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                // '*': this concept is the lemma's first (most frequent) sense.
                var firstSense = entry[0] == '*';
                analyzed.Clear();
                TextAnalyzer.Analyze(firstSense ? entry[1..] : entry, analyzed);
                if (analyzed.Count is 0 or > 2)
                {
                    continue;
                }

                var key = Intern(pool, string.Join(' ', analyzed));
                if (!keys.TryGetValue(key, out var list))
                {
                    keys[key] = list = [];
                }

                if (list.Count == 0 || list[^1] != concept)
                {
                    list.Add(concept);
                }

                if (firstSense && analyzed.Count == 1 && !single.Contains(key))
                {
                    single.Add(key);
                }
            }

            terms.Add([.. single]);
            hyponyms.Add(ParseHyponyms(line.AsSpan(tab + 1), lineNumber));
        }

        for (var parent = 0; parent < hyponyms.Count; parent++)
        {
            foreach (var child in hyponyms[parent])
            {
                if (child >= hyponyms.Count)
                {
                    throw new FormatException($"Concept {parent} lists hyponym {child}, but the concepts are numbered 0 to {hyponyms.Count - 1}.");
                }
            }
        }

        return new ConceptLexicon([.. hyponyms], [.. terms], keys.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>
    /// The categories a query asks about, each with its members, in query order. A word names a
    /// category when it is a plural noun ("What <i>instruments</i> does …", "<i>European
    /// countries</i>") or follows "kind of", "type of" or "sort of" ("What kind of <i>art</i>"):
    /// that is how questions that gather several things are phrased, and it keeps verbs that are
    /// also nouns ("play", "feel", "help") out. Two-word categories win over their last word, so
    /// "martial arts" never expands as "art". Categories with more than <paramref name="maxMembers"/>
    /// members, and terms in <paramref name="exclude"/> (analyzed people's names, say), are skipped.
    /// </summary>
    public IReadOnlyList<ConceptMatch> Match(string query, int maxMembers, IReadOnlySet<string>? exclude = null) =>
        Read(query, maxMembers, exclude).Matches;

    /// <summary>
    /// Whether the query asks for several things of a kind: one of its words is a noun of the
    /// lexicon in the form <see cref="Match"/> looks for (a plural, or after "kind of"), whatever
    /// the size of its category, even too general to expand or with no kinds at all. "What
    /// activities does Melanie partake in?" does; "Where did Caroline move from?" does not.
    /// </summary>
    public bool AsksForKinds(string query, IReadOnlySet<string>? exclude = null) =>
        Read(query, maxMembers: 0, exclude).AsksForKinds;

    /// <summary>
    /// <see cref="Match"/> and <see cref="AsksForKinds"/> from one pass over the query's words, as
    /// recall needs both. With <paramref name="maxMembers"/> 0 no member list is looked up.
    /// </summary>
    public ConceptQuery Read(string query, int maxMembers, IReadOnlySet<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMembers);
        var words = QueryWords(query, exclude);
        var matches = new List<ConceptMatch>();
        var asksForKinds = false;
        for (var i = 0; i < words.Count; i++)
        {
            var (term, kindWord) = words[i];
            if (term is null || !kindWord || (exclude is not null && exclude.Contains(term)))
            {
                continue;
            }

            asksForKinds |= _synsetsByKey.ContainsKey(term);
            if (maxMembers == 0)
            {
                continue;
            }

            if (i > 0 && words[i - 1].Term is { } modifier && (exclude is null || !exclude.Contains(modifier))
                && _synsetsByKey.ContainsKey(modifier + " " + term))
            {
                // A two-word concept stands for itself even when it has no kinds or too many:
                // "hot dogs" are not dogs.
                if (MembersOf(modifier + " " + term, maxMembers) is { } pair)
                {
                    matches.Add(pair);
                }
            }
            else if (MembersOf(term, maxMembers) is { } single)
            {
                matches.Add(single);
            }
        }

        return new ConceptQuery(matches, asksForKinds);
    }

    /// <summary>
    /// The members of the category with this analyzed key (terms joined by one space), or null when
    /// the key names no concept, has no members, or has more than <paramref name="maxMembers"/>.
    /// </summary>
    public ConceptMatch? MembersOf(string key, int maxMembers)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!_synsetsByKey.TryGetValue(key, out var roots))
        {
            return null;
        }

        var members = _members.GetOrAdd(key, _ => Collect(key, roots));
        return members is { Length: > 0 } && members.Length <= maxMembers ? new ConceptMatch(key, members) : null;
    }

    /// <summary>
    /// Each word of the query with its analyzed term (null for a stop word) and whether it asks for
    /// kinds of something: a plural ("-s" but not "-ss", "-us" or "-is") or a word after "kind of",
    /// "type of" or "sort of". A plural-looking word right after a subject ("who plays", "she
    /// likes", "Melanie paints") is a verb, and the words that only frame a question ("kinds",
    /// "types", "things", "times", "ways") never name a category themselves.
    /// </summary>
    private static List<(string? Term, bool AsksForKinds)> QueryWords(string query, IReadOnlySet<string>? names)
    {
        var words = new List<(string?, bool)>();
        var analyzed = new List<string>();
        string? previous = null, beforePrevious = null;
        var previousIsName = false;
        foreach (var raw in query.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            var surface = raw.Trim(Apostrophes);
            var word = surface.ToLowerInvariant();
            analyzed.Clear();
            TextAnalyzer.Analyze(word, analyzed);
            var plural = word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') && !Apostrophes.Contains(word[^2])
                && !FramingWords.Contains(word)
                && !(previous is not null && (Subjects.Contains(previous) || previousIsName));
            var afterKindOf = previous == "of" && beforePrevious is not null && KindWords.Contains(beforePrevious) && !FramingWords.Contains(word);
            words.Add((analyzed.Count == 1 ? analyzed[0] : null, plural || afterKindOf));
            beforePrevious = previous;
            previous = word;

            // What follows a person's name is that person's verb: "Melanie paints".
            previousIsName = names is not null && analyzed.Count == 1 && names.Contains(analyzed[0]);
        }

        return words;
    }

    private static readonly char[] Apostrophes = ['\'', '\u2019', '\u2018'];

    private static readonly char[] WordSeparators = [' ', '\t', '\n', '\r', ',', '.', '?', '!', ';', ':', '"', '\u201c', '\u201d', '(', ')', '/', '-'];

    private static readonly HashSet<string> KindWords = new(StringComparer.Ordinal) { "kind", "kinds", "type", "types", "sort", "sorts" };

    // Plurals that frame a question rather than name what it asks about.
    private static readonly HashSet<string> FramingWords = new(StringComparer.Ordinal)
    {
        "kinds", "types", "sorts", "things", "times", "ways", "lots", "others",
    };

    // Words after which a plural-looking word is a verb: "who plays", "she likes".
    private static readonly HashSet<string> Subjects = new(StringComparer.Ordinal)
    {
        "who", "he", "she", "it", "one", "else", "also", "never", "always", "often", "usually", "sometimes", "still",
    };

    private string[]? Collect(string key, int[] roots)
    {
        var own = key.Split(' ');
        var seen = new HashSet<int>(roots);
        var pending = new Stack<int>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var root in roots)
        {
            foreach (var child in _hyponyms[root])
            {
                if (seen.Add(child))
                {
                    pending.Push(child);
                }
            }
        }

        while (pending.TryPop(out var concept))
        {
            foreach (var term in _terms[concept])
            {
                if (!own.Contains(term) && members.Add(term))
                {
                    ordered.Add(term);
                    if (ordered.Count > MaxCachedMembers)
                    {
                        return null;
                    }
                }
            }

            foreach (var child in _hyponyms[concept])
            {
                if (seen.Add(child))
                {
                    pending.Push(child);
                }
            }
        }

        // Sorted so that results never depend on traversal order.
        ordered.Sort(StringComparer.Ordinal);
        return [.. ordered];
    }

    private static int[] ParseHyponyms(ReadOnlySpan<char> text, int lineNumber)
    {
        if (text.IsEmpty)
        {
            return [];
        }

        var result = new List<int>();
        foreach (var range in text.Split(','))
        {
            if (!int.TryParse(text[range], NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                throw new FormatException($"Concept line {lineNumber} has a hyponym that is not a concept number: '{text[range]}'.");
            }

            result.Add(child);
        }

        return [.. result];
    }

    private static string Intern(Dictionary<string, string> pool, string value)
    {
        if (pool.TryGetValue(value, out var existing))
        {
            return existing;
        }

        pool[value] = value;
        return value;
    }

    /// <summary>Reads the embedded WordNet lexicon anew; <see cref="WordNet"/> keeps one per process.</summary>
    public static ConceptLexicon LoadWordNet()
    {
        using var stream = typeof(ConceptLexicon).Assembly.GetManifestResourceStream(WordNetResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {WordNetResourceName} is missing from {typeof(ConceptLexicon).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return Parse(reader);
    }
}
