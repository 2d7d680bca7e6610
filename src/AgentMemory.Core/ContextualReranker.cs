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

        var baseScore = new Dictionary<int, double>(fused.Count * 3);
        var original = new Dictionary<int, HybridCandidate>(fused.Count);
        var sessionBest = new Dictionary<int, double>();
        foreach (var c in fused)
        {
            var normalized = best > 0 ? c.Fused / best : 0;
            baseScore[c.DocumentId] = normalized;
            original[c.DocumentId] = c;
            var session = context.SessionOf(c.DocumentId);
            if (session >= 0 && (!sessionBest.TryGetValue(session, out var current) || normalized > current))
            {
                sessionBest[session] = normalized;
            }
        }

        // Candidates and their neighbours.
        var pool = new HashSet<int>(baseScore.Keys);
        foreach (var id in baseScore.Keys)
        {
            AddNeighbour(pool, context.PreviousOf(id), accept);
            AddNeighbour(pool, context.NextOf(id), accept);
        }

        var ranked = new List<ContextualCandidate>(pool.Count);
        foreach (var id in pool)
        {
            var own = baseScore.GetValueOrDefault(id);
            var neighbour = Math.Max(ScoreOf(baseScore, context.PreviousOf(id)), ScoreOf(baseScore, context.NextOf(id)));
            var session = context.SessionOf(id);
            var inherited = options.NeighbourWeight * neighbour
                + (session >= 0 ? options.SessionWeight * sessionBest.GetValueOrDefault(session) : 0)
                + (context.IsByQueriedSpeaker(id) ? options.SpeakerWeight : 0);
            ranked.Add(new ContextualCandidate(id, own, inherited, original.TryGetValue(id, out var o) ? o : null));
        }

        ranked.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : a.DocumentId.CompareTo(b.DocumentId);
        });
        if (ranked.Count > top)
        {
            ranked.RemoveRange(top, ranked.Count - top);
        }

        return ranked;
    }

    private static void AddNeighbour(HashSet<int> pool, int neighbour, Func<int, bool>? accept)
    {
        if (neighbour >= 0 && (accept is null || accept(neighbour)))
        {
            pool.Add(neighbour);
        }
    }

    private static double ScoreOf(Dictionary<int, double> scores, int id) => id >= 0 ? scores.GetValueOrDefault(id) : 0;
}
