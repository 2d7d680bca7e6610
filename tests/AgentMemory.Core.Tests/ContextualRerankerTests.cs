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
}
