using System.Buffers;

namespace AgentMemory.Core;

/// <summary>
/// Blends dense, lexical, knowledge-graph and recency signals into one ranking, by weighted
/// max-normalized scores (the default) or weighted reciprocal-rank fusion.
/// </summary>
/// <remarks>
/// <para>
/// Dense retrieval finds paraphrases, BM25 finds exact names and numbers, the graph (Personalized
/// PageRank) finds what is one phrase away from the query's facts; each fails where another
/// succeeds, so recall fuses them. With <see cref="FusionMethod.WeightedScore"/> each list's score is
/// divided by its best, so the scales need no calibration and a list's margin over its runner-up
/// is kept. RRF works on ranks instead:
/// fused = DenseWeight/(k + denseRank) + LexicalWeight/(k + lexicalRank) + GraphWeight/(k + graphRank)
/// + RecencyWeight·recency/(k + 1), where a list a document is missing from contributes 0. Recency
/// is scaled as if it were a first-place rank so its weight reads on the same scale as the list weights.
/// </para>
/// <para>
/// Only the first <see cref="HybridScoringOptions.CandidatePoolSize"/> entries of each list take part,
/// and only documents in at least one of them are returned. The work is proportional to the pool
/// size (a pooled array and one sort), never to the corpus.
/// </para>
/// </remarks>
public static class HybridRanker
{
    /// <summary>
    /// Fuses two best-first result lists and returns the best <paramref name="top"/> candidates, sorted
    /// by fused score descending and then document id ascending.
    /// </summary>
    /// <param name="dense">Dense results, best first (rank = position + 1).</param>
    /// <param name="lexical">Lexical results, best first.</param>
    /// <param name="recencyOf">Recency in [0, 1] for a document id (clamped); called once per candidate.</param>
    /// <param name="options">Fusion weights and pool size.</param>
    /// <param name="top">Maximum number of candidates to return.</param>
    public static List<HybridCandidate> Fuse(
        IReadOnlyList<ScoredDocument> dense,
        IReadOnlyList<ScoredDocument> lexical,
        Func<int, float> recencyOf,
        HybridScoringOptions options,
        int top)
        => Fuse(dense, lexical, [], recencyOf, options, top);

    /// <summary>
    /// Fuses three best-first lists (dense, lexical and knowledge-graph PageRank) and returns the
    /// best <paramref name="top"/> candidates; the graph list counts at <see cref="HybridScoringOptions.GraphWeight"/>.
    /// </summary>
    public static List<HybridCandidate> Fuse(
        IReadOnlyList<ScoredDocument> dense,
        IReadOnlyList<ScoredDocument> lexical,
        IReadOnlyList<ScoredDocument> graph,
        Func<int, float> recencyOf,
        HybridScoringOptions options,
        int top)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(lexical);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(recencyOf);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        Validate(options);

        var denseCount = Math.Min(dense.Count, options.CandidatePoolSize);
        var lexicalCount = Math.Min(lexical.Count, options.CandidatePoolSize);
        var graphCount = Math.Min(graph.Count, options.CandidatePoolSize);
        var entryCount = denseCount + lexicalCount + graphCount;
        if (top == 0 || entryCount == 0)
        {
            return [];
        }

        var entries = ArrayPool<FusionEntry>.Shared.Rent(entryCount);
        var candidates = ArrayPool<HybridCandidate>.Shared.Rent(entryCount);
        try
        {
            for (var index = 0; index < denseCount; index++)
            {
                entries[index] = new FusionEntry(dense[index].DocumentId, dense[index].Score, index + 1, 0f, 0, 0f, 0);
            }

            for (var index = 0; index < lexicalCount; index++)
            {
                entries[denseCount + index] = new FusionEntry(lexical[index].DocumentId, 0f, 0, lexical[index].Score, index + 1, 0f, 0);
            }

            for (var index = 0; index < graphCount; index++)
            {
                entries[denseCount + lexicalCount + index] = new FusionEntry(graph[index].DocumentId, 0f, 0, 0f, 0, graph[index].Score, index + 1);
            }

            var bestDense = 0f;
            for (var index = 0; index < denseCount; index++)
            {
                bestDense = Math.Max(bestDense, dense[index].Score);
            }

            var bestLexical = 0f;
            for (var index = 0; index < lexicalCount; index++)
            {
                bestLexical = Math.Max(bestLexical, lexical[index].Score);
            }

            var bestGraph = 0f;
            for (var index = 0; index < graphCount; index++)
            {
                bestGraph = Math.Max(bestGraph, graph[index].Score);
            }

            var merged = MergeByDocument(entries.AsSpan(0, entryCount));
            var scored = candidates.AsSpan(0, merged.Length);
            for (var index = 0; index < merged.Length; index++)
            {
                scored[index] = Score(merged[index], recencyOf, options, bestDense, bestLexical, bestGraph);
            }

            RankingSort.ByFusedScore(scored);

            return [.. scored[..Math.Min(top, scored.Length)]];
        }
        finally
        {
            ArrayPool<FusionEntry>.Shared.Return(entries);
            ArrayPool<HybridCandidate>.Shared.Return(candidates);
        }
    }

    /// <summary>
    /// Adds a second ranked list to a first at <paramref name="weight"/>, rescaled so that the second
    /// list's best scores the first list's best times the weight: a query expansion (more terms, the
    /// members of a category) then joins the lexical list on the first query's scale, and fusion still
    /// sees one list. Each list holds a document at most once.
    /// </summary>
    /// <returns>The best <paramref name="top"/> documents of the sum, in <see cref="ScoredDocumentRanking"/> order.</returns>
    public static List<ScoredDocument> Blend(IReadOnlyList<ScoredDocument> first, IReadOnlyList<ScoredDocument> second, double weight, int top)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        if (second.Count == 0)
        {
            return [.. first];
        }

        var scale = (first.Count > 0 ? first[0].Score : second[0].Score) / second[0].Score * weight;
        var entries = ArrayPool<ScoredDocument>.Shared.Rent(first.Count + second.Count);
        try
        {
            var count = 0;
            foreach (var hit in first)
            {
                entries[count++] = hit;
            }

            foreach (var hit in second)
            {
                entries[count++] = new ScoredDocument(hit.DocumentId, (float)(hit.Score * scale));
            }

            // By document, so that a document's two entries (at most) are adjacent and add up.
            var all = entries.AsSpan(0, count);
            RankingSort.ByDocument(all, static entry => entry.DocumentId);
            var merged = 0;
            foreach (var entry in all)
            {
                if (merged > 0 && all[merged - 1].DocumentId == entry.DocumentId)
                {
                    all[merged - 1] = entry with { Score = all[merged - 1].Score + entry.Score };
                }
                else
                {
                    all[merged++] = entry;
                }
            }

            var blended = all[..merged];
            RankingSort.ByRanking(blended);
            return [.. blended[..Math.Min(top, merged)]];
        }
        finally
        {
            ArrayPool<ScoredDocument>.Shared.Return(entries);
        }
    }

    /// <summary>
    /// Recency as exponential decay: 0.5^(age / halfLife), where age = max(0, reference − eventTime).
    /// Events at or after the reference time score 1; the result is clamped to [0, 1].
    /// </summary>
    public static float Recency(DateTimeOffset eventTime, DateTimeOffset reference, TimeSpan halfLife)
        => Recency(eventTime.UtcTicks, reference.UtcTicks, halfLife);

    /// <summary>
    /// <see cref="Recency(DateTimeOffset, DateTimeOffset, TimeSpan)"/> on UTC ticks, for callers that
    /// keep event times in an array (reading each record's time was a cache miss per candidate).
    /// </summary>
    public static float Recency(long eventUtcTicks, long referenceUtcTicks, TimeSpan halfLife)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        var age = referenceUtcTicks - eventUtcTicks;
        if (age <= 0)
        {
            return 1f;
        }

        return (float)Math.Clamp(Math.Pow(0.5, age / (double)halfLife.Ticks), 0d, 1d);
    }

    /// <summary>
    /// Sorts entries by document and collapses each document's dense and lexical entries into one,
    /// keeping the best rank if a list (unexpectedly) names a document twice.
    /// </summary>
    private static Span<FusionEntry> MergeByDocument(Span<FusionEntry> entries)
    {
        RankingSort.ByDocument(entries, static entry => entry.DocumentId);
        var written = 0;
        foreach (var entry in entries)
        {
            if (written > 0 && entries[written - 1].DocumentId == entry.DocumentId)
            {
                entries[written - 1] = entries[written - 1].CombineWith(entry);
            }
            else
            {
                entries[written++] = entry;
            }
        }

        return entries[..written];
    }

    private static HybridCandidate Score(FusionEntry entry, Func<int, float> recencyOf, HybridScoringOptions options, float bestDense, float bestLexical, float bestGraph)
    {
        var recency = recencyOf(entry.DocumentId);
        recency = float.IsNaN(recency) ? 0f : Math.Clamp(recency, 0f, 1f);

        if (options.Fusion == FusionMethod.WeightedScore)
        {
            var weighted = options.RecencyWeight * recency;
            if (entry.DenseRank > 0 && bestDense > 0)
            {
                weighted += options.DenseWeight * Math.Max(0f, entry.Dense) / bestDense;
            }

            if (entry.LexicalRank > 0 && bestLexical > 0)
            {
                weighted += options.LexicalWeight * entry.Lexical / bestLexical;
            }

            if (entry.GraphRank > 0 && bestGraph > 0)
            {
                weighted += options.GraphWeight * entry.Graph / bestGraph;
            }

            return new HybridCandidate(entry.DocumentId, entry.Dense, entry.Lexical, recency, weighted, entry.DenseRank, entry.LexicalRank, entry.Graph, entry.GraphRank);
        }

        double k = options.RrfK;
        var fused = 0d;
        if (entry.DenseRank > 0)
        {
            fused += options.DenseWeight / (k + entry.DenseRank);
        }

        if (entry.LexicalRank > 0)
        {
            fused += options.LexicalWeight / (k + entry.LexicalRank);
        }

        if (entry.GraphRank > 0)
        {
            fused += options.GraphWeight / (k + entry.GraphRank);
        }

        fused += options.RecencyWeight * recency / (k + 1d);
        return new HybridCandidate(entry.DocumentId, entry.Dense, entry.Lexical, recency, fused, entry.DenseRank, entry.LexicalRank, entry.Graph, entry.GraphRank);
    }

    private static void Validate(HybridScoringOptions options)
    {
        if (options.RrfK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RrfK, "RrfK must not be negative.");
        }

        if (options.CandidatePoolSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CandidatePoolSize, "CandidatePoolSize must be at least 1.");
        }

        if (!IsValidWeight(options.DenseWeight) || !IsValidWeight(options.LexicalWeight) || !IsValidWeight(options.RecencyWeight) || !IsValidWeight(options.GraphWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Fusion weights must be finite and non-negative.");
        }

        static bool IsValidWeight(double weight) => weight >= 0d && double.IsFinite(weight);
    }

    /// <summary>One document's standing in the lists while they are merged; rank 0 means absent.</summary>
    private readonly record struct FusionEntry(int DocumentId, float Dense, int DenseRank, float Lexical, int LexicalRank, float Graph, int GraphRank)
    {
        public FusionEntry CombineWith(FusionEntry other)
        {
            var (dense, denseRank) = Better(Dense, DenseRank, other.Dense, other.DenseRank);
            var (lexical, lexicalRank) = Better(Lexical, LexicalRank, other.Lexical, other.LexicalRank);
            var (graph, graphRank) = Better(Graph, GraphRank, other.Graph, other.GraphRank);
            return new FusionEntry(DocumentId, dense, denseRank, lexical, lexicalRank, graph, graphRank);
        }

        private static (float Score, int Rank) Better(float score, int rank, float otherScore, int otherRank) =>
            rank != 0 && (otherRank == 0 || rank <= otherRank) ? (score, rank) : (otherScore, otherRank);
    }
}
