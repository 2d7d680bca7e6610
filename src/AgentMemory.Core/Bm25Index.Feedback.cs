namespace AgentMemory.Core;

public sealed partial class Bm25Index
{
    /// <summary>
    /// Pseudo-relevance feedback's expansion terms (RM3-like): each distinct analyzed term of the
    /// feedback documents, other than the query's, weighs the sum of the weights of the documents it
    /// occurs in times its <see cref="InverseDocumentFrequency(string)"/>; the <paramref name="count"/>
    /// heaviest are returned, heaviest first, ties in ordinal order.
    /// </summary>
    /// <remarks>
    /// It runs on every hybrid recall. Each word's stem is looked up in the postings by span, so a
    /// term costs no string and its weight is kept by posting list, not hashed by text; a term the
    /// index does not hold (none, for documents it holds) is left out.
    /// </remarks>
    /// <param name="texts">The feedback documents' texts, best first.</param>
    /// <param name="weights">Each document's weight (its score relative to the best), summed per term in document order.</param>
    /// <param name="queryTerms">The query's analyzed terms, never returned.</param>
    /// <param name="count">How many terms to return at most.</param>
    public List<string> ExpansionTerms(IReadOnlyList<string> texts, IReadOnlyList<float> weights, IReadOnlyList<string> queryTerms, int count)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(queryTerms);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (texts.Count != weights.Count)
        {
            throw new ArgumentException($"{texts.Count} texts but {weights.Count} weights.", nameof(weights));
        }

        var candidates = new FeedbackCandidates(queryTerms.Count);
        foreach (var term in queryTerms)
        {
            if (_postings.TryGetValue(term, out var postingList))
            {
                candidates.Exclude(postingList);
            }
        }

        var sink = new FeedbackSink(_postings.GetAlternateLookup<ReadOnlySpan<char>>(), candidates);
        for (var i = 0; i < texts.Count; i++)
        {
            candidates.StartDocument(i, weights[i]);
            TextAnalyzer.Tokenize(texts[i], ref sink);
        }

        return candidates.Heaviest(count, DocumentCount);
    }

    /// <summary>Receives a feedback document's terms and credits each posting list once per document.</summary>
    private readonly struct FeedbackSink(Dictionary<string, PostingList>.AlternateLookup<ReadOnlySpan<char>> postings, FeedbackCandidates candidates) : ITermSink
    {
        public void Accept(scoped ReadOnlySpan<char> surface, scoped ReadOnlySpan<char> stem)
        {
            if (postings.TryGetValue(stem, out var term, out var postingList))
            {
                candidates.Credit(term, postingList);
            }
        }
    }

    /// <summary>The terms found so far, with their summed document weights, by posting list.</summary>
    private sealed class FeedbackCandidates(int excluded)
    {
        // A query term's posting list maps to -1; any other to its candidate's position.
        private readonly Dictionary<PostingList, int> _positions = new(excluded + 64, ReferenceEqualityComparer.Instance);
        private readonly List<Candidate> _found = new(64);
        private int _document;
        private float _weight;

        public void Exclude(PostingList postingList) => _positions[postingList] = -1;

        public void StartDocument(int document, float weight) => (_document, _weight) = (document, weight);

        public void Credit(string term, PostingList postingList)
        {
            if (!_positions.TryGetValue(postingList, out var position))
            {
                _positions[postingList] = _found.Count;
                _found.Add(new Candidate(term, postingList, _weight, _document));
                return;
            }

            // Excluded, or already credited for this document.
            if (position < 0 || _found[position].LastDocument == _document)
            {
                return;
            }

            var candidate = _found[position];
            _found[position] = candidate with { Weight = candidate.Weight + _weight, LastDocument = _document };
        }

        public List<string> Heaviest(int count, int documentCount)
        {
            var scored = new (double Weight, string Term)[_found.Count];
            for (var i = 0; i < scored.Length; i++)
            {
                scored[i] = (_found[i].Weight * InverseDocumentFrequency(documentCount, _found[i].PostingList.Count), _found[i].Term);
            }

            Array.Sort(scored, static (x, y) =>
            {
                var byWeight = y.Weight.CompareTo(x.Weight);
                return byWeight != 0 ? byWeight : string.CompareOrdinal(x.Term, y.Term);
            });

            var taken = Math.Min(count, scored.Length);
            var terms = new List<string>(taken);
            for (var i = 0; i < taken; i++)
            {
                terms.Add(scored[i].Term);
            }

            return terms;
        }

        private readonly record struct Candidate(string Term, PostingList PostingList, double Weight, int LastDocument);
    }
}
