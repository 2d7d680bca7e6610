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
        // neighbours that join them. Arrays from the pool and one int-to-int map keep a re-rank
        // of a few hundred candidates from allocating tens of kilobytes (it runs on every recall).
        var capacity = fused.Count * 3;
        var positionOf = new Dictionary<int, int>(capacity);
        var documents = ArrayPool<int>.Shared.Rent(capacity);
        var own = ArrayPool<double>.Shared.Rent(capacity);
        var ranked = ArrayPool<Ranked>.Shared.Rent(capacity);
        var fusedIndex = ArrayPool<int>.Shared.Rent(fused.Count);
        try
        {
            var sessionBest = new Dictionary<int, double>();
            var count = 0;
            for (var f = 0; f < fused.Count; f++)
            {
                var c = fused[f];
                if (!positionOf.TryAdd(c.DocumentId, count))
                {
                    continue;
                }

                fusedIndex[count] = f;
                var normalized = best > 0 ? c.Fused / best : 0;
                documents[count] = c.DocumentId;
                own[count++] = normalized;
                var session = context.SessionOf(c.DocumentId);
                if (session >= 0 && (!sessionBest.TryGetValue(session, out var current) || normalized > current))
                {
                    sessionBest[session] = normalized;
                }
            }

            // Neighbours of candidates become candidates, with no score of their own.
            var candidates = count;
            for (var i = 0; i < candidates; i++)
            {
                AddNeighbour(context.PreviousOf(documents[i]), accept, positionOf, documents, own, ref count);
                AddNeighbour(context.NextOf(documents[i]), accept, positionOf, documents, own, ref count);
            }

            for (var i = 0; i < count; i++)
            {
                var id = documents[i];
                var neighbour = Math.Max(OwnScoreOf(context.PreviousOf(id), positionOf, own), OwnScoreOf(context.NextOf(id), positionOf, own));
                var session = context.SessionOf(id);
                var inherited = options.NeighbourWeight * neighbour
                    + (session >= 0 ? options.SessionWeight * sessionBest.GetValueOrDefault(session) : 0)
                    + (context.IsByQueriedSpeaker(id) ? options.SpeakerWeight : 0);
                ranked[i] = new Ranked(id, i, own[i] + inherited, inherited);
            }

            var order = ranked.AsSpan(0, count);
            order.Sort(static (a, b) =>
            {
                var byScore = b.Score.CompareTo(a.Score);
                return byScore != 0 ? byScore : a.DocumentId.CompareTo(b.DocumentId);
            });

            var results = new List<ContextualCandidate>(Math.Min(top, count));
            foreach (var r in order[..Math.Min(top, count)])
            {
                // The first `candidates` positions are the fused candidates; the rest are neighbours.
                HybridCandidate? original = r.Position < candidates ? fused[fusedIndex[r.Position]] : null;
                results.Add(new ContextualCandidate(r.DocumentId, own[r.Position], r.Context, original));
            }

            return results;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(documents);
            ArrayPool<double>.Shared.Return(own);
            ArrayPool<Ranked>.Shared.Return(ranked);
            ArrayPool<int>.Shared.Return(fusedIndex);
        }
    }

    private static void AddNeighbour(int neighbour, Func<int, bool>? accept, Dictionary<int, int> positionOf, int[] documents, double[] own, ref int count)
    {
        if (neighbour >= 0 && (accept is null || accept(neighbour)) && positionOf.TryAdd(neighbour, count))
        {
            documents[count] = neighbour;
            own[count++] = 0;
        }
    }

    private static double OwnScoreOf(int id, Dictionary<int, int> positionOf, double[] own) =>
        id >= 0 && positionOf.TryGetValue(id, out var position) ? own[position] : 0;

    private readonly record struct Ranked(int DocumentId, int Position, double Score, double Context);
}
