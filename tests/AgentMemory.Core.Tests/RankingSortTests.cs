using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class RankingSortTests
{
    // Scores where a key built carelessly goes wrong: both zeros, the infinities, NaN, the
    // smallest subnormals, negatives, and values that repeat so ties are common.
    private static readonly float[] Awkward =
    [
        0f, -0f, 1f, -1f, 0.5f, -0.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN,
        float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 3.25f, 3.25f, 1e-30f, -1e-30f,
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1_000)]
    public void ByRanking_orders_exactly_as_the_ranking_comparer(int count)
    {
        var random = new Random(count + 11);
        for (var round = 0; round < 50; round++)
        {
            var documents = new ScoredDocument[count];
            for (var i = 0; i < count; i++)
            {
                // Ids are distinct (as in every ranked list), including negative ones.
                var score = random.Next(3) == 0 ? Awkward[random.Next(Awkward.Length)] : (float)((random.NextDouble() * 20) - 10);
                documents[i] = new ScoredDocument((i * 7919 % 10_007) - 5_000, score);
            }

            var expected = documents.ToArray();
            Array.Sort(expected, default(ScoredDocumentRanking));

            RankingSort.ByRanking(documents);

            Assert.Equal(Bits(expected), Bits(documents));
        }
    }

    [Fact]
    public void ByRanking_puts_better_scores_first_then_lower_ids_and_NaN_last()
    {
        ScoredDocument[] documents =
        [
            new(5, float.NaN), new(4, -0f), new(3, 0f), new(9, float.NegativeInfinity), new(2, 1f), new(8, float.PositiveInfinity), new(1, 0f),
        ];

        RankingSort.ByRanking(documents);

        Assert.Equal([8, 2, 1, 3, 4, 9, 5], documents.Select(d => d.DocumentId));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(300)]
    public void ByFusedScore_orders_by_fused_score_then_id_with_ties(int count)
    {
        var random = new Random(count);
        double[] tiedScores = [0.25, 0.5, 0d, -0d, double.NaN, 1e-300, double.PositiveInfinity];
        for (var round = 0; round < 50; round++)
        {
            var candidates = new HybridCandidate[count];
            for (var i = 0; i < count; i++)
            {
                var fused = random.Next(2) == 0 ? tiedScores[random.Next(tiedScores.Length)] : random.NextDouble();
                candidates[i] = new HybridCandidate(i * 31 % 1_009, random.NextSingle(), 0f, 0f, fused, i, 0);
            }

            var expected = candidates.ToArray();
            Array.Sort(expected, static (x, y) =>
            {
                var byFused = y.Fused.CompareTo(x.Fused);
                return byFused != 0 ? byFused : x.DocumentId.CompareTo(y.DocumentId);
            });

            RankingSort.ByFusedScore(candidates);

            Assert.Equal(expected.Select(c => (c.DocumentId, BitConverter.DoubleToInt64Bits(c.Fused), c.DenseRank)), candidates.Select(c => (c.DocumentId, BitConverter.DoubleToInt64Bits(c.Fused), c.DenseRank)));
        }
    }

    [Fact]
    public void ByDocument_makes_each_documents_entries_adjacent_in_id_order()
    {
        var random = new Random(3);
        var entries = Enumerable.Range(0, 600).Select(i => new ScoredDocument(random.Next(-50, 150), i)).ToArray();
        var before = entries.OrderBy(e => e.Score).ToArray();

        RankingSort.ByDocument(entries.AsSpan(), static e => e.DocumentId);

        Assert.True(entries.Zip(entries.Skip(1)).All(pair => pair.First.DocumentId <= pair.Second.DocumentId));
        Assert.Equal(before, entries.OrderBy(e => e.Score).ToArray());
    }

    // Compares scores by their bits, so -0 and +0 (and NaN payloads) must come back exactly as given.
    private static IEnumerable<(int, int)> Bits(IEnumerable<ScoredDocument> documents) =>
        documents.Select(d => (d.DocumentId, BitConverter.SingleToInt32Bits(d.Score)));
}
