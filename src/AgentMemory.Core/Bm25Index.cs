namespace AgentMemory.Core;

/// <summary>
/// An incremental, in-memory Okapi BM25 index over caller-assigned integer document slots.
/// </summary>
/// <remarks>
/// <para>
/// Lexical scoring complements dense retrieval where embeddings are weakest: names, numbers, rare
/// words and exact phrasing. The index lives inside the owning grain and is updated on every
/// remember/forget, so it is incremental (no rebuilds) and allocation-light on the query path:
/// per-term postings are compact arrays of (document, term frequency) structs, document lengths sit in
/// an array indexed by slot, and scores accumulate in a reusable array plus a list of touched slots
/// instead of a dictionary per query.
/// </para>
/// <para>
/// Scoring uses IDF = ln(1 + (N − n + 0.5) / (n + 0.5)), which is always positive, so every matching
/// document scores above zero. A query term that appears several times contributes once per
/// occurrence, which gives repeated (emphasised) terms proportionally more weight.
/// </para>
/// <para>
/// Documents can be put in up to <see cref="MaxPartitions"/> partitions, each scored with its own
/// statistics (document count, average length, document frequencies), as if each were a separate
/// index: a user's memory mixes long conversation turns with short facts and summaries derived from
/// them, and sharing statistics would let the derived ones shift the IDF and the length
/// normalisation of the turns (measured on LoCoMo: 1.5 points of turn Recall@10, docs/quality.md).
/// </para>
/// <para>
/// Searches may run concurrently with each other, never with a write: the owning grain runs a
/// user's recalls in parallel and keeps writes out while any runs. A search accumulates in
/// per-thread scratch (searches are synchronous, so a thread never holds two); writes reuse
/// per-index scratch.
/// </para>
/// </remarks>
public sealed partial class Bm25Index
{
    /// <summary>How many partitions documents can be put in (0 .. MaxPartitions − 1).</summary>
    public const int MaxPartitions = 4;

    private const int InitialCapacity = 16;
    private const int Absent = -1;

    private readonly float _k1;
    private readonly float _b;
    private readonly Dictionary<string, PostingList> _postings = new(StringComparer.Ordinal);

    // Scratch for counting term frequencies while adding or removing one document.
    private readonly Dictionary<string, int> _termCounts = new(StringComparer.Ordinal);

    // Indexed by document id; Absent marks a free slot (a present document may have length 0).
    private int[] _documentLengths = CreateLengths(InitialCapacity);

    // Query scratch, one per thread (see the remarks), sized for the largest index it served.
    [ThreadStatic]
    private static QueryScratch? t_queryScratch;

    // Partition of each document slot, and the document count and total length of each partition.
    private byte[] _partitions = new byte[InitialCapacity];
    private readonly int[] _partitionDocuments = new int[MaxPartitions];
    private readonly long[] _partitionLengths = new long[MaxPartitions];

    private long _totalLength;

    /// <param name="k1">Term-frequency saturation; higher lets repeated terms keep adding score.</param>
    /// <param name="b">Length normalisation strength, from 0 (none) to 1 (full).</param>
    public Bm25Index(float k1 = 1.2f, float b = 0.75f)
    {
        if (!(k1 >= 0f) || float.IsInfinity(k1))
        {
            throw new ArgumentOutOfRangeException(nameof(k1), k1, "k1 must be a finite, non-negative number.");
        }

        if (!(b is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(b), b, "b must lie in [0, 1].");
        }

        _k1 = k1;
        _b = b;
    }

    /// <summary>The number of documents currently indexed (N).</summary>
    public int DocumentCount { get; private set; }

    /// <summary>The mean document length in terms; zero when the index is empty.</summary>
    public double AverageDocumentLength => DocumentCount == 0 ? 0d : (double)_totalLength / DocumentCount;

    /// <summary>Indexes <paramref name="terms"/> (already analyzed) under a free slot.</summary>
    /// <param name="documentId">The slot.</param>
    /// <param name="terms">The analyzed terms.</param>
    /// <param name="partition">The partition whose statistics score the document (0 .. <see cref="MaxPartitions"/> − 1).</param>
    /// <exception cref="ArgumentException">The slot is already occupied.</exception>
    public void Add(int documentId, IReadOnlyList<string> terms, int partition = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documentId);
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, MaxPartitions);
        if (IsPresent(documentId))
        {
            throw new ArgumentException($"Document {documentId} is already indexed; remove it first.", nameof(documentId));
        }

        CountTerms(terms);
        EnsureCapacity(documentId);
        foreach (var (term, frequency) in _termCounts)
        {
            if (!_postings.TryGetValue(term, out var postingList))
            {
                postingList = new PostingList();
                _postings.Add(term, postingList);
            }

            postingList.Add(documentId, frequency, partition);
        }

        _termCounts.Clear();
        _documentLengths[documentId] = terms.Count;
        _partitions[documentId] = (byte)partition;
        _partitionDocuments[partition]++;
        _partitionLengths[partition] += terms.Count;
        _totalLength += terms.Count;
        DocumentCount++;
    }

    /// <summary>
    /// Removes a document. The caller passes the same terms it added (the index does not keep a
    /// forward copy of every document, which would double its memory).
    /// </summary>
    /// <returns>False if the slot holds no document.</returns>
    /// <exception cref="ArgumentException">The term count differs from what was added.</exception>
    public bool Remove(int documentId, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (!IsPresent(documentId))
        {
            return false;
        }

        var length = _documentLengths[documentId];
        if (terms.Count != length)
        {
            throw new ArgumentException(
                $"Document {documentId} was added with {length} terms but {terms.Count} were passed to remove it.",
                nameof(terms));
        }

        // Deduplicate first so each posting list is scanned once per distinct term, not per occurrence.
        var partition = _partitions[documentId];
        CountTerms(terms);
        foreach (var term in _termCounts.Keys)
        {
            if (_postings.TryGetValue(term, out var postingList) && postingList.Remove(documentId, partition) && postingList.Count == 0)
            {
                // Dropping empty lists keeps the vocabulary from growing forever under churn.
                _postings.Remove(term);
            }
        }

        _termCounts.Clear();
        _documentLengths[documentId] = Absent;
        _partitionDocuments[partition]--;
        _partitionLengths[partition] -= length;
        _totalLength -= length;
        DocumentCount--;
        return true;
    }

    /// <summary>Whether any indexed document contains the term.</summary>
    public bool ContainsTerm(string term) => _postings.ContainsKey(term);

    /// <summary>
    /// Okapi IDF of a term over the indexed documents, ln(1 + (N − n + 0.5) / (n + 0.5)); 0 for an
    /// unknown term. Used to pick expansion terms for pseudo-relevance feedback.
    /// </summary>
    public double InverseDocumentFrequency(string term)
    {
        if (!_postings.TryGetValue(term, out var postingList))
        {
            return 0d;
        }

        return InverseDocumentFrequency(DocumentCount, postingList.Count);
    }

    private static double InverseDocumentFrequency(int documentCount, int documentFrequency)
    {
        var n = (double)documentFrequency;
        return Math.Log(1d + ((documentCount - n + 0.5d) / (n + 0.5d)));
    }

    /// <summary>Removes every document and term.</summary>
    public void Clear()
    {
        _postings.Clear();
        _termCounts.Clear();
        _documentLengths.AsSpan().Fill(Absent);
        _partitionDocuments.AsSpan().Clear();
        _partitionLengths.AsSpan().Clear();
        _totalLength = 0;
        DocumentCount = 0;
    }

    /// <summary>
    /// Scores every document containing at least one query term and returns the best
    /// <paramref name="top"/>, sorted by score descending and then id ascending.
    /// </summary>
    /// <param name="queryTerms">Analyzed query terms; each occurrence contributes (see remarks on the type).</param>
    /// <param name="top">Maximum number of results.</param>
    /// <param name="filter">
    /// Optional predicate returning true for ids that may be returned; ids it rejects are excluded.
    /// Called at most once per matching document.
    /// </param>
    public List<ScoredDocument> Search(IReadOnlyList<string> queryTerms, int top, Func<int, bool>? filter = null)
        => Search(queryTerms, top, filter, partitionTop: 0, partition: 0, partitionFilter: null).Best;

    /// <summary>
    /// The best <paramref name="top"/> documents passing <paramref name="filter"/> and, from the same
    /// scoring pass, the best <paramref name="partitionTop"/> of one partition passing
    /// <paramref name="partitionFilter"/>: a recall that needs both (its candidates and the facts that
    /// seed the graph) reads the postings once. Both lists are sorted as by
    /// <see cref="Search(IReadOnlyList{string}, int, Func{int, bool}?)"/>.
    /// </summary>
    /// <param name="queryTerms">Analyzed query terms.</param>
    /// <param name="top">Maximum number of results in the first list.</param>
    /// <param name="filter">Optional predicate for the first list.</param>
    /// <param name="partitionTop">Maximum number of results in the second list.</param>
    /// <param name="partition">The partition the second list is drawn from.</param>
    /// <param name="partitionFilter">Optional predicate for the second list, independent of <paramref name="filter"/>.</param>
    public (List<ScoredDocument> Best, List<ScoredDocument> BestOfPartition) Search(
        IReadOnlyList<string> queryTerms, int top, Func<int, bool>? filter, int partitionTop, int partition, Func<int, bool>? partitionFilter)
    {
        ArgumentNullException.ThrowIfNull(queryTerms);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(partitionTop);
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(partition, MaxPartitions);
        if (DocumentCount == 0 || queryTerms.Count == 0 || (top == 0 && partitionTop == 0))
        {
            return ([], []);
        }

        var scratch = Scratch();
        try
        {
            // Filters apply after scoring: a document the first list rejects may belong in the second.
            AccumulateScores(queryTerms, scratch);
            var best = new TopKCollector(Math.Min(top, scratch.TouchedCount));
            var ofPartition = new TopKCollector(Math.Min(partitionTop, scratch.TouchedCount));
            var partitions = _partitions;
            foreach (var documentId in scratch.Touched.AsSpan(0, scratch.TouchedCount))
            {
                var score = scratch.Scores[documentId];
                if (top > 0 && (filter is null || filter(documentId)))
                {
                    best.Offer(documentId, score);
                }

                if (partitionTop > 0 && partitions[documentId] == partition && (partitionFilter is null || partitionFilter(documentId)))
                {
                    ofPartition.Offer(documentId, score);
                }
            }

            return (best.ToSortedList(), ofPartition.ToSortedList());
        }
        finally
        {
            scratch.Clean();
        }
    }

    private QueryScratch Scratch()
    {
        var scratch = t_queryScratch ??= new QueryScratch();
        scratch.EnsureCapacity(_documentLengths.Length);
        return scratch;
    }

    private void AccumulateScores(IReadOnlyList<string> queryTerms, QueryScratch scratch)
    {
        // Denominator term k1 * (1 - b + b * |d| / avgdl), split into a constant and a per-length
        // slope; the slope depends on the partition's average length.
        var lengthBase = _k1 * (1f - _b);
        var lengthSlopes = scratch.LengthSlopes;
        for (var p = 0; p < MaxPartitions; p++)
        {
            lengthSlopes[p] = _partitionDocuments[p] > 0 && _partitionLengths[p] > 0
                ? (float)(_k1 * _b * _partitionDocuments[p] / _partitionLengths[p])
                : 0f;
        }

        var scores = scratch.Scores;
        var touched = scratch.Touched;
        var touchedCount = scratch.TouchedCount;
        var lengths = _documentLengths;
        var partitions = _partitions;
        var weights = scratch.Weights;
        try
        {
            for (var termIndex = 0; termIndex < queryTerms.Count; termIndex++)
            {
                if (!_postings.TryGetValue(queryTerms[termIndex], out var postingList))
                {
                    continue;
                }

                for (var p = 0; p < MaxPartitions; p++)
                {
                    double documentCount = _partitionDocuments[p];
                    double documentFrequency = postingList.CountIn(p);
                    var idf = Math.Log(1d + ((documentCount - documentFrequency + 0.5d) / (documentFrequency + 0.5d)));
                    weights[p] = (float)(idf * (_k1 + 1d));
                }

                foreach (var posting in postingList.AsSpan())
                {
                    var documentId = posting.DocumentId;
                    var score = scores[documentId];
                    if (score == 0f)
                    {
                        // Every contribution is positive, so zero means "first time this query sees it".
                        touched[touchedCount++] = documentId;
                    }

                    var partition = partitions[documentId];
                    float frequency = posting.TermFrequency;
                    scores[documentId] = score + (weights[partition] * frequency / (frequency + lengthBase + (lengthSlopes[partition] * lengths[documentId])));
                }
            }
        }
        finally
        {
            scratch.TouchedCount = touchedCount;
        }
    }

    private void CountTerms(IReadOnlyList<string> terms)
    {
        _termCounts.Clear();
        for (var index = 0; index < terms.Count; index++)
        {
            var term = terms[index] ?? throw new ArgumentException("Terms must not contain null.", nameof(terms));
            _termCounts[term] = _termCounts.GetValueOrDefault(term) + 1;
        }
    }

    private bool IsPresent(int documentId) =>
        documentId >= 0 && documentId < _documentLengths.Length && _documentLengths[documentId] != Absent;

    private void EnsureCapacity(int documentId)
    {
        if (documentId < _documentLengths.Length)
        {
            return;
        }

        var capacity = Math.Max(documentId + 1, _documentLengths.Length * 2);
        var lengths = CreateLengths(capacity);
        _documentLengths.CopyTo(lengths, 0);
        _documentLengths = lengths;
        Array.Resize(ref _partitions, capacity);

    }

    private static int[] CreateLengths(int capacity)
    {
        var lengths = new int[capacity];
        lengths.AsSpan().Fill(Absent);
        return lengths;
    }

    /// <summary>One thread's query scratch: scores by document (zero: untouched) and the documents touched.</summary>
    private sealed class QueryScratch
    {
        public float[] Scores { get; private set; } = [];

        public int[] Touched { get; private set; } = [];

        public int TouchedCount { get; set; }

        // Each partition's IDF weight for the current term, and its length slope.
        public float[] Weights { get; } = new float[MaxPartitions];

        public float[] LengthSlopes { get; } = new float[MaxPartitions];

        public void EnsureCapacity(int capacity)
        {
            // Between queries every score is zero, so fresh arrays are equivalent copies.
            if (Scores.Length < capacity)
            {
                Scores = new float[capacity];
                Touched = new int[capacity];
            }
        }

        public void Clean()
        {
            foreach (var documentId in Touched.AsSpan(0, TouchedCount))
            {
                Scores[documentId] = 0f;
            }

            TouchedCount = 0;
        }
    }
}
