using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class HybridRankerTests
{
    private static readonly ScoredDocument[] Dense = [new(1, 0.9f), new(2, 0.8f), new(3, 0.7f)];
    private static readonly ScoredDocument[] Lexical = [new(3, 12f), new(4, 8f)];

    private static float RecencyOf(int id) => id switch
    {
        1 => 1f,
        3 => 0.5f,
        _ => 0f,
    };

    [Fact]
    public void Fuse_computes_weighted_reciprocal_rank_scores()
    {
        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, Rrf(), 10);

        // k = 60, dense and lexical weights 1, recency weight 0.2 scaled by 1 / (k + 1).
        Assert.Equal([3, 1, 2, 4], fused.Select(candidate => candidate.DocumentId));
        Assert.Equal((1.0 / 63) + (1.0 / 61) + (0.2 * 0.5 / 61), fused[0].Fused, 12);
        Assert.Equal((1.0 / 61) + (0.2 * 1.0 / 61), fused[1].Fused, 12);
        Assert.Equal(1.0 / 62, fused[2].Fused, 12);
        Assert.Equal(1.0 / 62, fused[3].Fused, 12);
    }

    [Fact]
    public void Fuse_reports_each_signal_and_one_based_ranks()
    {
        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, Rrf(), 10)
            .ToDictionary(candidate => candidate.DocumentId);

        Assert.Equal(new HybridCandidate(3, 0.7f, 12f, 0.5f, fused[3].Fused, DenseRank: 3, LexicalRank: 1), fused[3]);
        Assert.Equal(new HybridCandidate(4, 0f, 8f, 0f, fused[4].Fused, DenseRank: 0, LexicalRank: 2), fused[4]);
        Assert.Equal(new HybridCandidate(1, 0.9f, 0f, 1f, fused[1].Fused, DenseRank: 1, LexicalRank: 0), fused[1]);
    }

    [Fact]
    public void Fuse_breaks_ties_by_ascending_id()
    {
        // Document 2 is second in the dense list, document 4 second in the lexical list: identical scores.
        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, Rrf(), 10);

        Assert.Equal(fused[2].Fused, fused[3].Fused);
        Assert.Equal([2, 4], fused.Skip(2).Select(candidate => candidate.DocumentId));

        var mirrored = HybridRanker.Fuse([new(8, 1f)], [new(5, 1f)], _ => 0f, Rrf(), 10);
        Assert.Equal([5, 8], mirrored.Select(candidate => candidate.DocumentId));
    }

    [Fact]
    public void Fuse_returns_at_most_top_candidates()
    {
        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, Rrf(), 2);

        Assert.Equal([3, 1], fused.Select(candidate => candidate.DocumentId));
        Assert.Empty(HybridRanker.Fuse(Dense, Lexical, RecencyOf, Rrf(), 0));
    }

    [Fact]
    public void Fuse_asks_for_recency_once_per_candidate()
    {
        var calls = new List<int>();

        HybridRanker.Fuse(Dense, Lexical, id =>
        {
            calls.Add(id);
            return 0f;
        }, Rrf(), 1);

        Assert.Equal([1, 2, 3, 4], calls.Order());
    }

    [Fact]
    public void Only_the_candidate_pool_of_each_list_enters_fusion()
    {
        var options = new HybridScoringOptions { Fusion = FusionMethod.ReciprocalRank, DenseWeight = 1, RecencyWeight = 0.2, CandidatePoolSize = 2 };

        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, options, 10).ToDictionary(candidate => candidate.DocumentId);

        Assert.Equal(0, fused[3].DenseRank);
        Assert.Equal((1.0 / 61) + (0.2 * 0.5 / 61), fused[3].Fused, 12);
        Assert.Equal(4, fused.Count);
    }

    [Fact]
    public void Weights_scale_each_signal()
    {
        var options = new HybridScoringOptions { Fusion = FusionMethod.ReciprocalRank, RrfK = 0, DenseWeight = 2, LexicalWeight = 0.5, RecencyWeight = 0 };

        var fused = HybridRanker.Fuse(Dense, Lexical, RecencyOf, options, 10).ToDictionary(candidate => candidate.DocumentId);

        Assert.Equal((2.0 / 3) + (0.5 / 1), fused[3].Fused, 12);
        Assert.Equal(2.0 / 1, fused[1].Fused, 12);
        Assert.Equal(0.5 / 2, fused[4].Fused, 12);
    }

    [Fact]
    public void Documents_in_neither_list_never_appear_and_empty_lists_fuse_to_nothing()
    {
        Assert.Empty(HybridRanker.Fuse([], [], _ => 1f, Rrf(), 10));
        Assert.Equal([4], HybridRanker.Fuse([], [new(4, 1f)], _ => 1f, Rrf(), 10).Select(c => c.DocumentId));
    }

    [Fact]
    public void Out_of_range_recency_is_clamped()
    {
        var fused = HybridRanker.Fuse([new(1, 1f), new(2, 1f)], [], id => id == 1 ? 7f : float.NaN, Rrf(), 10);

        Assert.Equal(1f, fused.Single(c => c.DocumentId == 1).Recency);
        Assert.Equal(0f, fused.Single(c => c.DocumentId == 2).Recency);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            HybridRanker.Fuse(Dense, Lexical, RecencyOf, new HybridScoringOptions { CandidatePoolSize = 0 }, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            HybridRanker.Fuse(Dense, Lexical, RecencyOf, new HybridScoringOptions { LexicalWeight = double.NaN }, 10));
    }

    [Fact]
    public void Recency_halves_every_half_life()
    {
        var reference = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var halfLife = TimeSpan.FromDays(30);

        Assert.Equal(1f, HybridRanker.Recency(reference, reference, halfLife));
        Assert.Equal(0.5f, HybridRanker.Recency(reference - halfLife, reference, halfLife), 6);
        Assert.Equal(0.25f, HybridRanker.Recency(reference - (2 * halfLife), reference, halfLife), 6);
        Assert.Equal(MathF.Sqrt(0.5f), HybridRanker.Recency(reference - (halfLife / 2), reference, halfLife), 6);
    }

    [Fact]
    public void Recency_of_future_events_is_one_and_ancient_events_approach_zero()
    {
        var reference = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(1f, HybridRanker.Recency(reference.AddDays(3), reference, TimeSpan.FromDays(30)));
        Assert.InRange(HybridRanker.Recency(DateTimeOffset.MinValue, reference, TimeSpan.FromDays(1)), 0f, 1e-30f);
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridRanker.Recency(reference, reference, TimeSpan.Zero));
    }

    [Fact]
    public void Recency_on_utc_ticks_equals_recency_on_times_whatever_their_offsets()
    {
        var reference = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.FromHours(2));
        var halfLife = TimeSpan.FromDays(30);
        DateTimeOffset[] events =
        [
            reference, reference.AddHours(1), reference.AddDays(-1).ToOffset(TimeSpan.FromHours(-7)),
            new DateTimeOffset(2024, 6, 1, 11, 0, 0, TimeSpan.Zero), DateTimeOffset.MinValue,
        ];

        foreach (var eventTime in events)
        {
            Assert.Equal(
                BitConverter.SingleToInt32Bits(HybridRanker.Recency(eventTime, reference, halfLife)),
                BitConverter.SingleToInt32Bits(HybridRanker.Recency(eventTime.UtcTicks, reference.UtcTicks, halfLife)));
        }

        // 11:00 UTC is an hour after the reference (10:00 UTC), whatever the offsets say.
        Assert.Equal(1f, HybridRanker.Recency(events[3].UtcTicks, reference.UtcTicks, halfLife));
        Assert.True(HybridRanker.Recency(events[2].UtcTicks, reference.UtcTicks, halfLife) < 1f);
        Assert.Throws<ArgumentOutOfRangeException>(() => HybridRanker.Recency(0L, 0L, TimeSpan.Zero));
    }

    [Fact]
    public void Weighted_score_fusion_normalizes_each_list_by_its_best_score()
    {
        var options = new HybridScoringOptions { Fusion = FusionMethod.WeightedScore, DenseWeight = 0.5, LexicalWeight = 1, RecencyWeight = 0.1 };

        var fused = HybridRanker.Fuse([new(1, 0.8f), new(2, 0.4f)], [new(2, 10f), new(3, 5f)], id => id == 3 ? 1f : 0f, options, 10)
            .ToDictionary(c => c.DocumentId);

        Assert.Equal(0.5 * 1.0, fused[1].Fused, 6);
        Assert.Equal((0.5 * 0.5) + 1.0, fused[2].Fused, 6);
        Assert.Equal(0.5 + 0.1, fused[3].Fused, 6);
    }

    [Fact]
    public void Weighted_score_fusion_keeps_the_gap_that_rank_fusion_flattens()
    {
        // A lexical match far better than the rest stays far ahead, whatever the dense list says.
        var dense = new ScoredDocument[] { new(2, 0.30f), new(1, 0.29f) };
        var lexical = new ScoredDocument[] { new(1, 20f), new(2, 1f) };

        var weighted = HybridRanker.Fuse(dense, lexical, _ => 0f, new HybridScoringOptions { Fusion = FusionMethod.WeightedScore, DenseWeight = 1, RecencyWeight = 0 }, 2);

        Assert.Equal(1, weighted[0].DocumentId);
        Assert.True(weighted[0].Fused - weighted[1].Fused > 0.9);
    }

    private static HybridScoringOptions Rrf() => new() { Fusion = FusionMethod.ReciprocalRank, DenseWeight = 1, RecencyWeight = 0.2 };

    [Fact]
    public void Blend_adds_the_second_list_rescaled_so_its_best_is_the_first_lists_best_times_the_weight()
    {
        ScoredDocument[] first = [new(1, 10f), new(2, 6f)];
        ScoredDocument[] second = [new(2, 4f), new(3, 2f)];

        var blended = HybridRanker.Blend(first, second, 0.5, 10);

        // Scale = 10 / 4 * 0.5 = 1.25: document 2 gets 6 + 5, document 3 gets 2.5.
        Assert.Equal([new(2, 11f), new(1, 10f), new(3, 2.5f)], blended);
    }

    [Fact]
    public void Blend_keeps_the_top_breaks_ties_by_id_and_returns_the_first_list_when_the_second_is_empty()
    {
        ScoredDocument[] first = [new(7, 3f), new(5, 1f)];

        Assert.Equal(first, HybridRanker.Blend(first, [], 0.3, 10));
        Assert.Equal([new(5, 3f), new(7, 3f)], HybridRanker.Blend(first, [new(5, 1f)], 2d / 3, 2));
        Assert.Equal([new(5, 3f)], HybridRanker.Blend(first, [new(5, 1f)], 2d / 3, 1));
        Assert.Equal([new(4, 2f)], HybridRanker.Blend([], [new(4, 4f)], 0.5, 5));
    }
}
