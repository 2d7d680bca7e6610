using System.Text;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// Built-in (no-LLM) summaries: picks the most central sentences of a text within a word budget.
/// </summary>
/// <remarks>
/// <para>
/// Centrality follows LexRank's degree centrality in its continuous form: each sentence is a TF-IDF vector over
/// <see cref="TextAnalyzer"/> terms, and its score is the sum of its cosine similarities to every other sentence —
/// the sentences most like the rest say what the text is about. With unit vectors that sum equals
/// v̂ᵢ·(Σⱼ v̂ⱼ) − 1, so it costs one pass instead of all pairs, and a session of thousands of sentences stays cheap.
/// A small bonus (up to <see cref="EntityBonus"/>) goes to sentences naming entities (capitalized words past the
/// first, numbers), because summaries are read for who, where and when.
/// </para>
/// <para>
/// Selection is greedy by score under the budget, skipping near-duplicates of a sentence already chosen (cosine
/// above <see cref="RedundancyThreshold"/>), and the chosen sentences are output in their original order so the
/// summary reads as a story. Guarantees: never more than <c>maxWords</c> whitespace-separated words; never a
/// sentence cut mid-word — sentences are dropped whole, and only when not even one fits is the best one cut at a
/// word boundary and ended with "…"; never empty for non-empty input and <c>maxWords</c> ≥ 1.
/// </para>
/// </remarks>
public sealed class ExtractiveSummarizer
{
    /// <summary>The largest score bonus for naming entities (three or more capitalized words or numbers).</summary>
    public const double EntityBonus = 0.1;

    /// <summary>Cosine similarity above which a candidate counts as repeating an already chosen sentence.</summary>
    public const double RedundancyThreshold = 0.8;

    private const string Ellipsis = "\u2026";

    private readonly RuleBasedExtractor extractor;

    /// <summary>A summarizer that uses <see cref="RuleBasedExtractor.Shared"/> for session summaries.</summary>
    public ExtractiveSummarizer()
        : this(RuleBasedExtractor.Shared)
    {
    }

    /// <summary>A summarizer that turns session turns into facts with <paramref name="extractor"/>.</summary>
    public ExtractiveSummarizer(RuleBasedExtractor extractor)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        this.extractor = extractor;
    }

    /// <summary>
    /// The most central of <paramref name="sentences"/>, in their original order, in at most
    /// <paramref name="maxWords"/> words. Empty for null or blank input or a budget below 1.
    /// </summary>
    public string Summarize(IReadOnlyList<string> sentences, int maxWords)
    {
        if (sentences is null || maxWords < 1)
        {
            return string.Empty;
        }

        var items = new List<(string Text, int Words)>(sentences.Count);
        foreach (var sentence in sentences)
        {
            var normalized = NormalizeWhitespace(sentence);
            if (normalized.Length > 0)
            {
                items.Add((normalized, CountWords(normalized)));
            }
        }

        if (items.Count == 0)
        {
            return string.Empty;
        }

        var vectors = BuildVectors(items);
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var vector in vectors)
        {
            foreach (var (term, weight) in vector)
            {
                centroid[term] = centroid.GetValueOrDefault(term) + weight;
            }
        }

        var scores = new double[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var centrality = vectors[i].Count == 0 ? 0 : (Dot(vectors[i], centroid) - 1) / Math.Max(1, items.Count - 1);
            scores[i] = centrality + (EntityBonus * Math.Min(3, CountEntityMentions(items[i].Text)) / 3.0);
        }

        var order = Enumerable.Range(0, items.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        var chosen = new List<int>();
        var remaining = maxWords;
        foreach (var i in order)
        {
            if (items[i].Words > remaining || chosen.Any(j => Dot(vectors[i], vectors[j]) > RedundancyThreshold))
            {
                continue;
            }

            chosen.Add(i);
            remaining -= items[i].Words;
            if (remaining == 0)
            {
                break;
            }
        }

        if (chosen.Count == 0)
        {
            return Truncate(items[order[0]].Text, maxWords);
        }

        chosen.Sort();
        return string.Join(' ', chosen.Select(i => items[i].Text));
    }

    /// <summary>
    /// A summary of one session: turns become self-contained sentences (the extractor's facts when it finds any
    /// in the session, otherwise "&lt;speaker&gt;: &lt;text&gt;" per turn), are summarized, and the result is
    /// prefixed with the session date ("On 8 May 2023: …").
    /// </summary>
    /// <remarks>
    /// The prefix counts against <paramref name="maxWords"/> whenever the budget leaves at least one word for the
    /// body; with a smaller budget the body still gets one word, so the total may exceed a budget below five.
    /// With exactly two speakers each one's "you" resolves to the other. Empty when no turn has text.
    /// </remarks>
    public string SummarizeSession(IReadOnlyList<(string? Speaker, string Text)> turns, DateTimeOffset sessionTime, int maxWords)
    {
        if (turns is null || turns.Count == 0 || maxWords < 1)
        {
            return string.Empty;
        }

        var speakers = turns.Select(t => t.Speaker?.Trim()).Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var facts = new List<string>();
        var raw = new List<string>();
        foreach (var (speaker, text) in turns)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var name = string.IsNullOrWhiteSpace(speaker) ? null : speaker.Trim();
            var other = name is not null && speakers.Count == 2
                ? speakers.First(s => !string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                : null;
            foreach (var fact in extractor.Extract(text, name, sessionTime, other).Facts)
            {
                facts.Add(fact.Text);
            }

            var body = RuleBasedExtractor.SplitCaptions(RuleBasedExtractor.StripSpeakerPrefix(text, name), out _).Trim();
            if (body.Length > 0)
            {
                raw.Add(name is null ? body : name + ": " + body);
            }
        }

        var prefix = "On " + ResolvedDate.FormatDay(DateOnly.FromDateTime(sessionTime.DateTime)) + ": ";
        var summary = Summarize(facts.Count > 0 ? facts : raw, Math.Max(1, maxWords - CountWords(prefix)));
        return summary.Length == 0 ? string.Empty : prefix + summary;
    }

    /// <summary>Unit-length TF-IDF vectors; IDF = ln(1 + N/df) so a term in every sentence still weighs a little.</summary>
    private static List<Dictionary<string, double>> BuildVectors(List<(string Text, int Words)> items)
    {
        var termCounts = new List<Dictionary<string, int>>(items.Count);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, _) in items)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in TextAnalyzer.Analyze(text))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }

            foreach (var term in counts.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }

            termCounts.Add(counts);
        }

        var vectors = new List<Dictionary<string, double>>(items.Count);
        foreach (var counts in termCounts)
        {
            var vector = new Dictionary<string, double>(counts.Count, StringComparer.Ordinal);
            var norm = 0.0;
            foreach (var (term, count) in counts)
            {
                var weight = count * Math.Log(1 + ((double)items.Count / documentFrequency[term]));
                vector[term] = weight;
                norm += weight * weight;
            }

            norm = Math.Sqrt(norm);
            foreach (var term in counts.Keys)
            {
                vector[term] /= norm;
            }

            vectors.Add(vector);
        }

        return vectors;
    }

    private static double Dot(Dictionary<string, double> small, Dictionary<string, double> large)
    {
        if (small.Count > large.Count)
        {
            (small, large) = (large, small);
        }

        var sum = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                sum += weight * other;
            }
        }

        return sum;
    }

    /// <summary>Capitalized words after the first, and numbers: a cheap proxy for names, places and dates.</summary>
    private static int CountEntityMentions(string text)
    {
        var count = 0;
        var first = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var letterOrDigit = word.FirstOrDefault(char.IsLetterOrDigit);
            if (!first && (char.IsUpper(letterOrDigit) || char.IsDigit(letterOrDigit)))
            {
                count++;
            }

            first = false;
        }

        return count;
    }

    /// <summary>The first <paramref name="maxWords"/> words of <paramref name="text"/>, ending in "…".</summary>
    private static string Truncate(string text, int maxWords)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = words.Take(maxWords).ToArray();
        var last = kept[^1].TrimEnd(',', ';', ':', '-', '\u2013', '\u2014', '.', '!', '?');
        kept[^1] = (last.Length > 0 ? last : kept[^1]) + Ellipsis;
        return string.Join(' ', kept);
    }

    private static string NormalizeWhitespace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                count++;
            }
        }

        return count;
    }
}
