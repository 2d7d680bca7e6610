using System.Buffers;

namespace AgentMemory.Core;

/// <summary>
/// Re-ranks fused candidates with their conversational context. In a conversation the turn
/// that answers a question often shares no words with it ("What did you paint?" … "A lake
/// sunrise!"), while its neighbour does; and the relevant turns of a multi-hop question cluster
/// in the sessions about that topic. So each turn inherits a share of its best neighbour's
/// score and of its session's best score, and turns by a person the query names get a bonus.
/// Neighbours of candidates become candidates themselves, which is how a turn with no match
/// of its own can be recalled.
/// </summary>
public static class ContextualReranker
{
    // Re-ranks may run in parallel (one user's recalls do); each thread has its own maps.
    [ThreadStatic]
    private static CandidateMaps? t_maps;

    /// <param name="fused">Fused candidates, best first (more than the final k, so context can reorder them).</param>
    /// <param name="context">Turn order, sessions and speakers.</param>
    /// <param name="accept">Filter for neighbours that enter as new candidates (null: all).</param>
    public static List<ContextualCandidate> Rerank(IReadOnlyList<HybridCandidate> fused, IConversationContext context, HybridScoringOptions options, int top, Func<int, bool>? accept = null)
    {
        ArgumentNullException.ThrowIfNull(fused);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        if (fused.Count == 0 || top <= 0)
        {
            return [];
        }

        var best = 0.0;
        foreach (var c in fused)
        {
            best = Math.Max(best, c.Fused);
        }

        // Candidates by position: the fused ones first (at their index in `fused`), then the
        // neighbours that join them. Pooled arrays and per-thread maps indexed by document and by
        // session keep a re-rank of a few hundred candidates from allocating or hashing (it runs on
        // every recall; dictionaries here were most of its cost).
        var capacity = fused.Count * 3;
        var maps = t_maps ??= new CandidateMaps();
        var documents = ArrayPool<int>.Shared.Rent(capacity);
        var own = ArrayPool<double>.Shared.Rent(capacity);
        var fusedIndex = ArrayPool<int>.Shared.Rent(fused.Count);
        var kept = ArrayPool<Ranked>.Shared.Rent(top);
        var count = 0;
        try
        {
            for (var f = 0; f < fused.Count; f++)
            {
                var c = fused[f];
                if (!maps.TryAdd(c.DocumentId, count))
                {
                    continue;
                }

                fusedIndex[count] = f;
                var normalized = best > 0 ? c.Fused / best : 0;
                documents[count] = c.DocumentId;
                own[count++] = normalized;
                maps.RaiseSessionBest(context.SessionOf(c.DocumentId), normalized);
            }

            // Neighbours of candidates become candidates, with no score of their own.
            var candidates = count;
            for (var i = 0; i < candidates; i++)
            {
                AddNeighbour(context.PreviousOf(documents[i]), accept, maps, documents, own, ref count);
                AddNeighbour(context.NextOf(documents[i]), accept, maps, documents, own, ref count);
            }

            // Only the best `top` are returned, so they are kept in order as they come instead of
            // sorting every candidate; the order is the same total one (score, then id).
            var keptCount = 0;
            for (var i = 0; i < count; i++)
            {
                var id = documents[i];
                var neighbour = Math.Max(OwnScoreOf(context.PreviousOf(id), maps, own), OwnScoreOf(context.NextOf(id), maps, own));
                var session = context.SessionOf(id);
                var inherited = options.NeighbourWeight * neighbour
                    + (session >= 0 ? options.SessionWeight * maps.SessionBestOf(session) : 0)
                    + (context.IsByQueriedSpeaker(id) ? options.SpeakerWeight : 0);
                Keep(new Ranked(id, i, own[i] + inherited, inherited), kept, top, ref keptCount);
            }

            var results = new List<ContextualCandidate>(keptCount);
            foreach (var r in kept.AsSpan(0, keptCount))
            {
                // The first `candidates` positions are the fused candidates; the rest are neighbours.
                HybridCandidate? original = r.Position < candidates ? fused[fusedIndex[r.Position]] : null;
                results.Add(new ContextualCandidate(r.DocumentId, own[r.Position], r.Context, original));
            }

            return results;
        }
        finally
        {
            maps.Clear(documents.AsSpan(0, count));
            ArrayPool<int>.Shared.Return(documents);
            ArrayPool<double>.Shared.Return(own);
            ArrayPool<int>.Shared.Return(fusedIndex);
            ArrayPool<Ranked>.Shared.Return(kept);
        }
    }

    private static void AddNeighbour(int neighbour, Func<int, bool>? accept, CandidateMaps maps, int[] documents, double[] own, ref int count)
    {
        if (neighbour >= 0 && !maps.Contains(neighbour) && (accept is null || accept(neighbour)))
        {
            maps.TryAdd(neighbour, count);
            documents[count] = neighbour;
            own[count++] = 0;
        }
    }

    private static double OwnScoreOf(int id, CandidateMaps maps, double[] own) =>
        id >= 0 && maps.PositionOf(id) is var position and >= 0 ? own[position] : 0;

    /// <summary>Inserts a candidate into the best-first list of at most <paramref name="top"/> kept so far, if it belongs there.</summary>
    /// <remarks>
    /// An insertion shifts up to <paramref name="top"/> entries. Candidates arrive roughly best first
    /// (in fused order, then their neighbours), so most are rejected by the first comparison or land
    /// near the end; even the largest k the service allows (1,000) stays within a few milliseconds
    /// when they do not.
    /// </remarks>
    private static void Keep(Ranked candidate, Ranked[] kept, int top, ref int keptCount)
    {
        if (keptCount == top && Compare(candidate, kept[top - 1]) >= 0)
        {
            return;
        }

        var at = Math.Min(keptCount, top - 1);
        while (at > 0 && Compare(candidate, kept[at - 1]) < 0)
        {
            kept[at] = kept[at - 1];
            at--;
        }

        kept[at] = candidate;
        keptCount = Math.Min(keptCount + 1, top);
    }

    // Best first: higher score, then lower id (ids are unique, so the order is total; NaN sorts last).
    private static int Compare(Ranked a, Ranked b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.DocumentId.CompareTo(b.DocumentId);
    }

    private readonly record struct Ranked(int DocumentId, int Position, double Score, double Context);

    /// <summary>
    /// A thread's candidate position by document and best normalized score by session, in arrays
    /// indexed by document id (a slot, as in the indexes: small and dense) and session number.
    /// Cleared after each re-rank by visiting only what it set.
    /// </summary>
    private sealed class CandidateMaps
    {
        private readonly List<int> _sessions = [];

        // Position + 1, so that the zeroed array means "not a candidate".
        private int[] _positionPlusOne = [];
        private double[] _sessionBest = [];
        private bool[] _sessionSeen = [];

        public bool Contains(int documentId) => PositionOf(documentId) >= 0;

        public int PositionOf(int documentId) => documentId < _positionPlusOne.Length ? _positionPlusOne[documentId] - 1 : -1;

        public bool TryAdd(int documentId, int position)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(documentId);
            if (documentId >= _positionPlusOne.Length)
            {
                Array.Resize(ref _positionPlusOne, Math.Max(documentId + 1, 2 * _positionPlusOne.Length));
            }

            if (_positionPlusOne[documentId] != 0)
            {
                return false;
            }

            _positionPlusOne[documentId] = position + 1;
            return true;
        }

        /// <summary>Raises a session's best score to <paramref name="score"/>; the first score seen sets it. Session -1 (none) is ignored.</summary>
        public void RaiseSessionBest(int session, double score)
        {
            if (session < 0)
            {
                return;
            }

            if (session >= _sessionSeen.Length)
            {
                var length = Math.Max(session + 1, 2 * _sessionSeen.Length);
                Array.Resize(ref _sessionSeen, length);
                Array.Resize(ref _sessionBest, length);
            }

            if (!_sessionSeen[session])
            {
                _sessionSeen[session] = true;
                _sessionBest[session] = score;
                _sessions.Add(session);
            }
            else if (score > _sessionBest[session])
            {
                _sessionBest[session] = score;
            }
        }

        public double SessionBestOf(int session) => session < _sessionSeen.Length && _sessionSeen[session] ? _sessionBest[session] : 0;

        public void Clear(ReadOnlySpan<int> documents)
        {
            foreach (var documentId in documents)
            {
                _positionPlusOne[documentId] = 0;
            }

            foreach (var session in _sessions)
            {
                _sessionSeen[session] = false;
            }

            _sessions.Clear();
        }
    }
}
