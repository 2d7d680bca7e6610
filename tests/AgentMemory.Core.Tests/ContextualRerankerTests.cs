using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class ContextualRerankerTests
{
    // Two sessions: turns 0-3 in session 0, turns 10-11 in session 1; turns 2 and 11 by "Ana".
    private sealed class TwoSessions : IConversationContext
    {
        private static readonly int[][] Sessions = [[0, 1, 2, 3], [10, 11]];

        public int PreviousOf(int documentId) => Step(documentId, -1);

        public int NextOf(int documentId) => Step(documentId, +1);

        public int SessionOf(int documentId) => Array.FindIndex(Sessions, s => s.Contains(documentId));

        public bool IsByQueriedSpeaker(int documentId) => documentId is 2 or 11;

        private static int Step(int id, int step)
        {
            var session = Sessions.FirstOrDefault(s => s.Contains(id));
            var at = session is null ? -1 : Array.IndexOf(session, id) + step;
            return session is not null && at >= 0 && at < session.Length ? session[at] : -1;
        }
    }

    private static HybridCandidate Candidate(int id, double fused) => new(id, 0f, 1f, 0f, fused, 0, 1);

    private static HybridScoringOptions Options(double neighbour = 0, double session = 0, double speaker = 0) =>
        new() { NeighbourWeight = neighbour, SessionWeight = session, SpeakerWeight = speaker };

    [Fact]
    public void Without_context_weights_the_fused_order_is_kept_and_scores_are_normalized()
    {
        var ranked = ContextualReranker.Rerank([Candidate(1, 0.8), Candidate(10, 0.4)], new TwoSessions(), Options(), 10);

        Assert.Equal([1, 10], ranked.Take(2).Select(r => r.DocumentId));
        Assert.Equal(1.0, ranked[0].Base, 9);
        Assert.Equal(0.5, ranked[1].Base, 9);
    }

    [Fact]
    public void A_turn_with_no_match_of_its_own_is_recalled_through_its_neighbour()
    {
        var ranked = ContextualReranker.Rerank([Candidate(1, 1.0)], new TwoSessions(), Options(neighbour: 0.5), 10);

        var neighbour = Assert.Single(ranked, r => r.DocumentId == 2);
        Assert.Equal(0.0, neighbour.Base);
        Assert.Equal(0.5, neighbour.Context, 9);
        Assert.Null(neighbour.Fused);
        Assert.Contains(ranked, r => r.DocumentId == 0);
        Assert.DoesNotContain(ranked, r => r.DocumentId == 3);
    }

    [Fact]
    public void Turns_inherit_their_sessions_best_score()
    {
        var ranked = ContextualReranker.Rerank([Candidate(0, 1.0), Candidate(3, 0.5), Candidate(11, 0.6)], new TwoSessions(), Options(session: 0.5), 10);

        // Turn 3 matched less than turn 11 on its own, but its session holds the best match.
        Assert.Equal([0, 3, 11], ranked.Where(r => r.Base > 0).Select(r => r.DocumentId));
        Assert.Equal(0.5 + 0.5, ranked.Single(r => r.DocumentId == 3).Score, 9);
        Assert.Equal(0.6 + 0.3, ranked.Single(r => r.DocumentId == 11).Score, 9);
    }

    [Fact]
    public void Turns_by_a_speaker_the_query_names_get_the_speaker_bonus()
    {
        var ranked = ContextualReranker.Rerank([Candidate(1, 1.0), Candidate(11, 0.9)], new TwoSessions(), Options(speaker: 0.2), 10);

        Assert.Equal(11, ranked[0].DocumentId);
        Assert.Equal(0.2, ranked[0].Context, 9);
    }

    [Fact]
    public void Neighbours_rejected_by_the_filter_do_not_enter_and_top_limits_the_result()
    {
        var ranked = ContextualReranker.Rerank([Candidate(1, 1.0), Candidate(10, 0.9)], new TwoSessions(), Options(neighbour: 0.5), 2, accept: id => id != 2);

        Assert.Equal(2, ranked.Count);
        Assert.DoesNotContain(ranked, r => r.DocumentId == 2);
        Assert.Equal([1, 10], ranked.Select(r => r.DocumentId));
    }

    [Fact]
    public void No_candidates_give_no_results()
    {
        Assert.Empty(ContextualReranker.Rerank([], new TwoSessions(), Options(1, 1, 1), 10));
    }

    // Sessions of ten turns each over ids 0..n-1; every third turn by the queried speaker.
    private sealed class TenTurnSessions(int count) : IConversationContext
    {
        public int PreviousOf(int documentId) => documentId % 10 == 0 ? -1 : documentId - 1;

        public int NextOf(int documentId) => documentId % 10 == 9 || documentId + 1 >= count ? -1 : documentId + 1;

        public int SessionOf(int documentId) => documentId / 10;

        public bool IsByQueriedSpeaker(int documentId) => documentId % 3 == 0;
    }

    [Fact]
    public void The_best_k_are_those_a_full_sort_of_every_candidate_puts_first_in_every_repeated_rerank()
    {
        // Scores from a few levels so that ties are common; the same thread re-ranks many times,
        // so what one re-rank leaves behind must not leak into the next.
        var random = new Random(5);
        var options = Options(neighbour: 0.5, session: 0.4, speaker: 0.3);
        for (var round = 0; round < 200; round++)
        {
            var corpus = random.Next(20, 400);
            var context = new TenTurnSessions(corpus);
            var ids = Enumerable.Range(0, corpus).OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(corpus, 120))).ToList();
            var fused = ids.Select(id => Candidate(id, random.Next(0, 6) / 4.0)).ToList();
            var top = random.Next(1, 30);
            Func<int, bool>? accept = round % 2 == 0 ? null : id => id % 7 != 0;

            var expected = ReferenceRerank(fused, context, options, accept);
            var ranked = ContextualReranker.Rerank(fused, context, options, top, accept);

            Assert.Equal(expected.Take(top).Select(e => (e.Id, e.Score)), ranked.Select(r => (r.DocumentId, r.Score)));
        }
    }

    /// <summary>The re-rank written plainly: every candidate and neighbour scored, then one full sort.</summary>
    private static List<(int Id, double Score)> ReferenceRerank(List<HybridCandidate> fused, IConversationContext context, HybridScoringOptions options, Func<int, bool>? accept)
    {
        var best = fused.Max(c => c.Fused);
        var own = new Dictionary<int, double>();
        foreach (var c in fused)
        {
            own.TryAdd(c.DocumentId, best > 0 ? c.Fused / best : 0);
        }

        var sessionBest = own.GroupBy(o => context.SessionOf(o.Key)).ToDictionary(g => g.Key, g => g.Max(o => o.Value));
        foreach (var id in own.Keys.ToList())
        {
            foreach (var neighbour in new[] { context.PreviousOf(id), context.NextOf(id) })
            {
                if (neighbour >= 0 && (accept is null || accept(neighbour)))
                {
                    own.TryAdd(neighbour, 0);
                }
            }
        }

        double OwnOf(int id) => id >= 0 && own.TryGetValue(id, out var score) ? score : 0;
        // Summed in the re-ranker's order, so equal scores are equal to the last bit.
        double Inherited(int id) => (options.NeighbourWeight * Math.Max(OwnOf(context.PreviousOf(id)), OwnOf(context.NextOf(id))))
            + (options.SessionWeight * sessionBest.GetValueOrDefault(context.SessionOf(id)))
            + (context.IsByQueriedSpeaker(id) ? options.SpeakerWeight : 0);
        return [.. own.Select(o => (Id: o.Key, Score: o.Value + Inherited(o.Key))).OrderByDescending(o => o.Score).ThenBy(o => o.Id)];
    }
}
