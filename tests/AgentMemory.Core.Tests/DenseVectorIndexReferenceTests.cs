using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

/// <summary>
/// The dimension-major, blocked index against a naive row-major reference (normalise, dot, full sort)
/// on seeded random data: sparse and dense queries, holes, removals, re-adds, overwrites and filters.
/// </summary>
public class DenseVectorIndexReferenceTests
{
    private const int Dimensions = 64;

    public static TheoryData<VectorPrecision> Precisions => [VectorPrecision.Single, VectorPrecision.Half];

    [Theory]
    [MemberData(nameof(Precisions))]
    public void Sparse_and_dense_queries_match_the_reference_through_removals_re_adds_and_filters(VectorPrecision precision)
    {
        var random = new Random(1234);
        var index = new DenseVectorIndex(Dimensions, precision);
        var reference = new Reference(precision);

        // 2,600 slots span three blocks (the last partly filled); every ninth is left empty.
        for (var id = 0; id < 2600; id++)
        {
            if (id % 9 != 4)
            {
                Store(index, reference, id, RandomVector(random, density: id % 3 == 0 ? 0.1 : 1.0));
            }
        }

        AssertMatches(index, reference, random, trials: 12);

        // Remove a quarter, overwrite some survivors in place, and re-add some removed slots with new vectors.
        var removed = reference.Ids.Where(_ => random.Next(4) == 0).ToList();
        foreach (var id in removed)
        {
            Assert.True(index.Remove(id));
            reference.Remove(id);
        }

        foreach (var id in reference.Ids.Where(_ => random.Next(10) == 0).ToList())
        {
            Store(index, reference, id, RandomVector(random, density: 0.5));
        }

        foreach (var id in removed.Where(_ => random.Next(2) == 0))
        {
            Store(index, reference, id, RandomVector(random, density: 1.0));
        }

        Assert.Equal(reference.Count, index.Count);
        AssertMatches(index, reference, random, trials: 12);

        // Removing the highest slots shrinks the scanned range; the rest still match.
        foreach (var id in reference.Ids.Where(id => id >= 2400).ToList())
        {
            Assert.True(index.Remove(id));
            reference.Remove(id);
        }

        AssertMatches(index, reference, random, trials: 6);
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void Mass_ties_keep_the_lowest_ids_across_buffer_selections(VectorPrecision precision)
    {
        // 6,000 slots but only three distinct directions: every candidate ties with hundreds of others.
        float[][] directions = [[1, 0, 0, 0], [0.8f, 0.6f, 0, 0], [0, 1, 0, 0]];
        static int Direction(int id) => id % 40 == 0 ? 0 : id % 40 < 20 ? 1 : 2;
        var index = new DenseVectorIndex(4, precision);
        for (var id = 0; id < 6000; id++)
        {
            index.Set(id, directions[Direction(id)]);
        }

        var results = index.Search([1, 0, 0, 0], 250);

        var best = Enumerable.Range(0, 6000).Where(id => Direction(id) == 0).ToList();
        var second = Enumerable.Range(0, 6000).Where(id => Direction(id) == 1).Take(250 - best.Count);
        Assert.Equal(best.Concat(second), results.Select(result => result.DocumentId));
    }

    [Fact]
    public void A_query_with_a_nan_component_returns_the_lowest_ids_instead_of_hanging()
    {
        var index = new DenseVectorIndex(4);
        for (var id = 0; id < 3000; id++)
        {
            index.Set(id, [1, id % 5, 0, 1]);
        }

        var results = index.Search([float.NaN, 1, 0, 0], 100);

        Assert.Equal(Enumerable.Range(0, 100), results.Select(result => result.DocumentId));
        Assert.All(results, result => Assert.True(float.IsNaN(result.Score)));
    }

    [Fact]
    public void Removed_slots_are_never_returned_even_when_zero_would_rank_first()
    {
        var index = new DenseVectorIndex(4);
        for (var id = 0; id < 40; id++)
        {
            index.Set(id, [-1, -0.01f * id, 0, 0]);
        }

        foreach (var id in new[] { 0, 7, 39 })
        {
            index.Remove(id);
        }

        // Every stored score is negative, so a removed (zeroed) slot would score 0 and win if it leaked.
        var results = index.Search([1, 0, 0, 0], 100);

        Assert.Equal(37, results.Count);
        Assert.DoesNotContain(results, result => result.DocumentId is 0 or 7 or 39);
        Assert.All(results, result => Assert.True(result.Score < 0));
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void A_zero_query_scores_every_occupied_slot_zero_in_id_order(VectorPrecision precision)
    {
        var random = new Random(5);
        var index = new DenseVectorIndex(Dimensions, precision);
        for (var id = 0; id < 1500; id++)
        {
            index.Set(id, RandomVector(random, density: 1.0));
        }

        for (var id = 0; id < 1500; id += 3)
        {
            index.Remove(id);
        }

        var results = index.Search(new float[Dimensions], 20);

        Assert.Equal(Enumerable.Range(0, 1500).Where(id => id % 3 != 0).Take(20), results.Select(result => result.DocumentId));
        Assert.All(results, result => Assert.Equal(0f, result.Score));
        Assert.Equal(1000, index.Search(new float[Dimensions], 5000).Count);
    }

    [Fact]
    public void The_filter_sees_only_occupied_slots_each_at_most_once_and_rejected_ones_are_skipped()
    {
        var random = new Random(77);
        var index = new DenseVectorIndex(Dimensions);
        var reference = new Reference(index.Precision);
        for (var id = 0; id < 3000; id++)
        {
            if (id % 5 != 0)
            {
                Store(index, reference, id, RandomVector(random, density: 0.2));
            }
        }

        var query = RandomVector(random, density: 0.2);
        var seen = new List<int>();
        var results = index.Search(query, 10, id =>
        {
            seen.Add(id);
            return id % 2 == 0;
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seen, id => Assert.True(index.Contains(id)));
        Assert.True(seen.Count < reference.Count / 2, $"The filter ran for {seen.Count} of {reference.Count} slots.");
        Assert.Equal(reference.Search(query, 10, id => id % 2 == 0).Select(r => r.DocumentId), results.Select(r => r.DocumentId));
    }

    [Fact]
    public void A_small_search_after_a_large_one_still_skips_the_slots_that_cannot_place()
    {
        var random = new Random(78);
        var index = new DenseVectorIndex(Dimensions);
        for (var id = 0; id < 3000; id++)
        {
            index.Set(id, RandomVector(random, density: 0.2));
        }

        // The large search leaves a large candidate buffer behind on this thread.
        Assert.Equal(2500, index.Search(RandomVector(random, density: 0.2), 2500).Count);
        var seen = 0;
        index.Search(RandomVector(random, density: 0.2), 10, _ =>
        {
            seen++;
            return true;
        });

        Assert.True(seen < 1000, $"The filter ran for {seen} of 3000 slots.");
    }

    [Theory]
    [InlineData(VectorPrecision.Half)]
    [InlineData(VectorPrecision.Single)]
    public void One_scan_for_two_lists_gives_what_two_searches_give(VectorPrecision precision)
    {
        var random = new Random(79);
        var index = new DenseVectorIndex(Dimensions, precision);
        for (var id = 0; id < 2500; id++)
        {
            if (id % 7 != 0)
            {
                index.Set(id, RandomVector(random, density: id % 2 == 0 ? 0.1 : 1.0));
            }
        }

        Func<int, bool> subset = id => id % 5 == 1;
        for (var trial = 0; trial < 12; trial++)
        {
            var query = RandomVector(random, density: trial % 2 == 0 ? 0.08 : 1.0);
            Func<int, bool>? filter = trial % 3 == 0 ? id => id % 3 != 0 : null;
            var (top, subsetTop) = (random.Next(1, 120), random.Next(1, 40));

            var (best, bestOfSubset) = index.Search(query, top, filter, subsetTop, subset);

            Assert.Equal(index.Search(query, top, filter), best);
            Assert.Equal(index.Search(query, subsetTop, subset), bestOfSubset);
            Assert.All(bestOfSubset, hit => Assert.True(subset(hit.DocumentId)));
        }

        var anyQuery = RandomVector(random, density: 1.0);
        Assert.Empty(index.Search(anyQuery, 10, null, 0, subset).BestOfSubset);
        Assert.Empty(index.Search(anyQuery, 0, null, 10, subset).Best);
        Assert.Equal(10, index.Search(anyQuery, 0, null, 10, subset).BestOfSubset.Count);
    }

    // Past 4,096 slots a search first offers only the slots at or above a floor read from a sample
    // of the scores, and offers the rest only to a list still short of its k (DenseVectorIndex.Scan).
    [Theory]
    [MemberData(nameof(Precisions))]
    public void A_large_index_matches_the_reference_whether_the_sampled_first_pass_suffices_or_not(VectorPrecision precision)
    {
        var random = new Random(4321);
        var index = new DenseVectorIndex(Dimensions, precision);
        var reference = new Reference(precision);
        for (var id = 0; id < 12_000; id++)
        {
            if (id % 11 != 3)
            {
                Store(index, reference, id, RandomVector(random, density: id % 4 == 0 ? 0.1 : 0.6));
            }
        }

        // A far slot leaves blocks in between unallocated; their scores are never read as slots.
        Store(index, reference, 40_000, RandomVector(random, density: 1.0));
        AssertMatches(index, reference, random, trials: 16);

        (Func<int, bool>? Filter, Func<int, bool> Subset)[] cases =
        [
            (null, id => id % 5 == 1),                 // both lists fill in the first pass
            (null, id => id % 997 == 5),               // the second list falls short: only it gets the rest
            (id => id % 613 == 2, id => id % 2 == 0),  // the first list falls short: only it gets the rest
            (id => id % 701 == 9, id => id % 887 == 4), // both fall short
        ];
        foreach (var (filter, subset) in cases)
        {
            for (var trial = 0; trial < 4; trial++)
            {
                var query = RandomVector(random, density: trial % 2 == 0 ? 0.08 : 1.0);
                var (top, subsetTop) = (trial % 2 == 0 ? 100 : random.Next(1, 120), trial % 2 == 0 ? 20 : random.Next(1, 40));

                var (best, bestOfSubset) = index.Search(query, top, filter, subsetTop, subset);

                AssertSame(reference.Search(query, top, filter), best);
                AssertSame(reference.Search(query, subsetTop, subset), bestOfSubset);
            }
        }
    }

    [Fact]
    public void On_a_large_index_each_filter_sees_a_slot_at_most_once_and_few_slots_in_all()
    {
        var random = new Random(4322);
        var index = new DenseVectorIndex(Dimensions);
        for (var id = 0; id < 10_000; id++)
        {
            index.Set(id, RandomVector(random, density: 0.2));
        }

        foreach (var (keep, keepInSubset) in new (int, int)[] { (2, 3), (300, 2), (2, 500) })
        {
            var query = RandomVector(random, density: 0.2);
            var (seen, seenInSubset) = (new List<int>(), new List<int>());
            index.Search(query, 100, id =>
            {
                seen.Add(id);
                return id % keep == 0;
            }, 20, id =>
            {
                seenInSubset.Add(id);
                return id % keepInSubset == 0;
            });

            Assert.Equal(seen.Count, seen.Distinct().Count());
            Assert.Equal(seenInSubset.Count, seenInSubset.Distinct().Count());
            if (keep == 2)
            {
                Assert.True(seen.Count < 1_000, $"The filter ran for {seen.Count} of 10,000 slots.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Precisions))]
    public void On_a_large_index_a_zero_query_and_a_nan_query_return_the_lowest_ids(VectorPrecision precision)
    {
        var random = new Random(4323);
        var index = new DenseVectorIndex(Dimensions, precision);
        for (var id = 0; id < 9_000; id++)
        {
            if (id % 4 != 1)
            {
                index.Set(id, RandomVector(random, density: 1.0));
            }
        }

        var expected = Enumerable.Range(0, 9_000).Where(id => id % 4 != 1).Take(100);
        var zero = index.Search(new float[Dimensions], 100);
        var nanQuery = RandomVector(random, density: 1.0);
        nanQuery[3] = float.NaN;
        var nan = index.Search(nanQuery, 100);

        Assert.Equal(expected, zero.Select(result => result.DocumentId));
        Assert.All(zero, result => Assert.Equal(0f, result.Score));
        Assert.Equal(expected, nan.Select(result => result.DocumentId));
        Assert.All(nan, result => Assert.True(float.IsNaN(result.Score)));
    }

    [Fact]
    public void Searches_running_in_parallel_each_get_what_they_would_get_alone()
    {
        var random = new Random(80);
        var index = new DenseVectorIndex(Dimensions);
        for (var id = 0; id < 4000; id++)
        {
            index.Set(id, RandomVector(random, density: 0.3));
        }

        var queries = Enumerable.Range(0, 64).Select(_ => RandomVector(random, density: 0.3)).ToArray();
        var alone = queries.Select(q => index.Search(q, 20)).ToArray();

        var parallel = new List<ScoredDocument>[queries.Length];
        Parallel.For(0, queries.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var q = i % queries.Length;
            parallel[q] = index.Search(queries[q], 20);
            Assert.Equal(alone[q], parallel[q]);
        });
    }

    [Fact]
    public void Growth_past_capacity_keeps_every_vector_and_the_memory_estimate_tracks_it()
    {
        var random = new Random(3);
        var index = new DenseVectorIndex(Dimensions, VectorPrecision.Single);
        var reference = new Reference(VectorPrecision.Single);
        long previous = index.ApproximateBytes;
        for (var id = 0; id < 5000; id++)
        {
            Store(index, reference, id, RandomVector(random, density: 0.3));
            if (id % 997 == 0)
            {
                Assert.True(index.ApproximateBytes >= previous);
                previous = index.ApproximateBytes;
            }
        }

        // Blocks of 1,024 slots: capacity exceeds use by less than one block.
        const long vectorBytes = Dimensions * sizeof(float);
        Assert.InRange(index.ApproximateBytes, 5000 * vectorBytes, (5000 + 1024) * vectorBytes + 64 * 1024);
        AssertMatches(index, reference, random, trials: 5);

        // A far slot allocates only its own block, not everything before it.
        var far = RandomVector(random, density: 1.0);
        var before = index.ApproximateBytes;
        Store(index, reference, 200_000, far);
        Assert.InRange(index.ApproximateBytes - before, 1, 1024 * vectorBytes + 256 * 1024);
        Assert.Equal(200_000, index.Search(far, 1).Single().DocumentId);
        AssertMatches(index, reference, random, trials: 3);
    }

    [Fact]
    public void Half_precision_halves_the_vector_bytes_and_stays_within_its_error_bound()
    {
        var random = new Random(9);
        var single = new DenseVectorIndex(384, VectorPrecision.Single);
        var half = new DenseVectorIndex(384, VectorPrecision.Half);
        for (var id = 0; id < 2048; id++)
        {
            var vector = RandomVector(random, 384, density: 1.0);
            single.Set(id, vector);
            half.Set(id, vector);
        }

        Assert.Equal(VectorPrecision.Half, half.Precision);
        Assert.InRange(half.ApproximateBytes, 2048L * 768, 2048L * 768 * 105 / 100);
        Assert.InRange(single.ApproximateBytes, 2048L * 1536, 2048L * 1536 * 105 / 100);

        var query = RandomVector(random, 384, density: 1.0);
        var exact = single.Search(query, 2048).ToDictionary(r => r.DocumentId, r => r.Score);
        var rounded = half.Search(query, 2048);
        Assert.Equal(2048, rounded.Count);
        Assert.All(rounded, r => Assert.InRange(r.Score - exact[r.DocumentId], -5e-4f, 5e-4f));
    }

    [Fact]
    public void The_default_is_half_precision_and_an_unknown_precision_is_rejected()
    {
        Assert.Equal(VectorPrecision.Half, new DenseVectorIndex(4).Precision);
        Assert.Equal(VectorPrecision.Single, new DenseVectorIndex(4, VectorPrecision.Single).Precision);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseVectorIndex(4, (VectorPrecision)7));
    }

    private static void AssertMatches(DenseVectorIndex index, Reference reference, Random random, int trials)
    {
        for (var trial = 0; trial < trials; trial++)
        {
            // Alternate hashed-embedder-like sparse queries (a few non-zero dimensions) with dense ones.
            var query = RandomVector(random, density: trial % 2 == 0 ? 0.08 : 1.0);
            var top = trial % 3 == 0 ? 100 : random.Next(1, 30);
            Func<int, bool>? filter = (trial % 4) switch
            {
                1 => id => id % 3 != 1,
                3 => id => id % 50 == 7, // very selective: most of the heap is filled by scanning far
                _ => null,
            };

            AssertSame(reference.Search(query, top, filter), index.Search(query, top, filter));
        }
    }

    private static void AssertSame(List<ScoredDocument> expected, List<ScoredDocument> actual)
    {
        Assert.Equal(expected.Select(r => r.DocumentId), actual.Select(r => r.DocumentId));
        Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5f));
    }

    private static void Store(DenseVectorIndex index, Reference reference, int id, float[] vector)
    {
        index.Set(id, vector);
        reference.Set(id, vector);
    }

    private static float[] RandomVector(Random random, double density) => RandomVector(random, Dimensions, density);

    private static float[] RandomVector(Random random, int dimensions, double density)
    {
        var vector = new float[dimensions];
        for (var j = 0; j < dimensions; j++)
        {
            if (random.NextDouble() < density)
            {
                vector[j] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return vector;
    }

    /// <summary>Row-major vectors in a dictionary, a dot product per document and a full sort.</summary>
    private sealed class Reference(VectorPrecision precision)
    {
        private readonly Dictionary<int, float[]> _vectors = [];

        public int Count => _vectors.Count;

        public IEnumerable<int> Ids => _vectors.Keys.Order();

        public void Set(int id, float[] vector)
        {
            var copy = (float[])vector.Clone();
            VectorMath.NormalizeInPlace(copy);
            if (precision == VectorPrecision.Half)
            {
                for (var j = 0; j < copy.Length; j++)
                {
                    copy[j] = (float)(Half)copy[j];
                }
            }

            _vectors[id] = copy;
        }

        public void Remove(int id) => _vectors.Remove(id);

        public List<ScoredDocument> Search(float[] query, int top, Func<int, bool>? filter)
        {
            var normalized = (float[])query.Clone();
            VectorMath.NormalizeInPlace(normalized);
            return _vectors
                .Where(pair => filter is null || filter(pair.Key))
                .Select(pair => new ScoredDocument(pair.Key, Dot(pair.Value, normalized)))
                .OrderByDescending(result => result.Score)
                .ThenBy(result => result.DocumentId)
                .Take(top)
                .ToList();
        }

        private static float Dot(float[] a, float[] b)
        {
            var sum = 0d;
            for (var j = 0; j < a.Length; j++)
            {
                sum += (double)a[j] * b[j];
            }

            return (float)sum;
        }
    }
}
