using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class DenseVectorIndexTests
{
    private static float[] RandomVector(Random random, int dimensions) =>
        [.. Enumerable.Range(0, dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1))];

    private static float[] Normalized(float[] vector)
    {
        var copy = (float[])vector.Clone();
        VectorMath.NormalizeInPlace(copy);
        return copy;
    }

    [Fact]
    public void Search_returns_the_same_top_k_as_a_full_sort()
    {
        const int dimensions = 48;
        var random = new Random(42);

        // Exact 32-bit storage; DenseVectorIndexReferenceTests covers both precisions.
        var index = new DenseVectorIndex(dimensions, VectorPrecision.Single);
        var stored = new Dictionary<int, float[]>();
        for (var id = 0; id < 600; id++)
        {
            if (id % 7 == 3)
            {
                continue; // leave holes so the scan has to skip free slots
            }

            stored[id] = RandomVector(random, dimensions);
            index.Set(id, stored[id]);
        }

        for (var trial = 0; trial < 25; trial++)
        {
            var query = RandomVector(random, dimensions);
            var top = random.Next(1, 40);
            Func<int, bool>? filter = trial % 2 == 0 ? null : id => id % 5 != 0;

            // The reference uses the same normalise-then-dot arithmetic as the index.
            var normalizedQuery = Normalized(query);
            var expected = stored
                .Where(pair => filter is null || filter(pair.Key))
                .Select(pair => new ScoredDocument(pair.Key, VectorMath.Dot(Normalized(pair.Value), normalizedQuery)))
                .OrderByDescending(result => result.Score)
                .ThenBy(result => result.DocumentId)
                .Take(top)
                .ToList();

            var actual = index.Search(query, top, filter);

            Assert.Equal(expected.Select(result => result.DocumentId), actual.Select(result => result.DocumentId));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 1e-5f));
        }
    }

    [Theory]
    [InlineData(VectorPrecision.Single, 1e-6f)]
    [InlineData(VectorPrecision.Half, 5e-4f)] // components rounded to 11 significant bits
    public void Search_scores_are_cosine_similarities(VectorPrecision precision, float tolerance)
    {
        var index = new DenseVectorIndex(3, precision);
        index.Set(0, [2, 0, 0]);
        index.Set(1, [1, 1, 0]);
        index.Set(2, [-5, 0, 0]);

        var results = index.Search([10, 0, 0], 3);

        Assert.Equal([0, 1, 2], results.Select(result => result.DocumentId));
        Assert.Equal(1f, results[0].Score, tolerance);
        Assert.Equal(MathF.Sqrt(0.5f), results[1].Score, tolerance);
        Assert.Equal(-1f, results[2].Score, tolerance);
    }

    [Fact]
    public void Search_does_not_modify_the_query()
    {
        var index = new DenseVectorIndex(2);
        index.Set(0, [1, 1]);
        float[] query = [3, 4];

        index.Search(query, 1);

        Assert.Equal([3f, 4f], query);
    }

    [Fact]
    public void Search_breaks_ties_by_ascending_id_and_keeps_the_lowest_ids()
    {
        var index = new DenseVectorIndex(2);
        foreach (var id in new[] { 9, 3, 12, 5, 1 })
        {
            index.Set(id, [1, 2]);
        }

        var results = index.Search([1, 2], 3);

        Assert.Equal([1, 3, 5], results.Select(result => result.DocumentId));
    }

    [Fact]
    public void Set_replaces_an_existing_vector()
    {
        var index = new DenseVectorIndex(2);
        index.Set(0, [1, 0]);

        index.Set(0, [0, 1]);

        Assert.Equal(1, index.Count);
        Assert.Equal(1f, index.Search([0, 1], 1).Single().Score, 6);
    }

    [Fact]
    public void Set_stores_a_copy()
    {
        var index = new DenseVectorIndex(2);
        float[] vector = [1, 0];
        index.Set(0, vector);

        vector[0] = -1;

        Assert.Equal(1f, index.Search([1, 0], 1).Single().Score, 6);
    }

    [Fact]
    public void A_zero_vector_is_stored_and_scores_zero()
    {
        var index = new DenseVectorIndex(2);
        index.Set(4, [0, 0]);

        var result = index.Search([1, 1], 5).Single();

        Assert.Equal(new ScoredDocument(4, 0f), result);
    }

    [Fact]
    public void Remove_excludes_the_document_from_search()
    {
        var index = new DenseVectorIndex(2);
        index.Set(0, [1, 0]);
        index.Set(1, [0.9f, 0.1f]);

        Assert.True(index.Remove(0));

        Assert.False(index.Contains(0));
        Assert.Equal(1, index.Count);
        Assert.Equal([1], index.Search([1, 0], 5).Select(result => result.DocumentId));
        Assert.False(index.Remove(0));
        Assert.False(index.Remove(999));
    }

    [Fact]
    public void The_backing_store_grows_past_its_initial_capacity()
    {
        const int dimensions = 8;
        var index = new DenseVectorIndex(dimensions);
        var initialBytes = index.ApproximateBytes;

        for (var id = 0; id < 1000; id++)
        {
            var vector = new float[dimensions];
            vector[id % dimensions] = 1 + id;
            index.Set(id, vector);
        }

        Assert.Equal(1000, index.Count);
        Assert.True(index.Contains(999));
        var componentBytes = index.Precision == VectorPrecision.Half ? 2 : sizeof(float);
        Assert.True(index.ApproximateBytes >= 1000L * dimensions * componentBytes);
        Assert.True(index.ApproximateBytes > initialBytes);
        var basis = new float[dimensions];
        basis[3] = 1;
        Assert.Equal([3, 11, 19], index.Search(basis, 3).Select(result => result.DocumentId));
    }

    [Fact]
    public void A_sparse_id_far_beyond_capacity_can_be_set_directly()
    {
        var index = new DenseVectorIndex(4);

        index.Set(50_000, [1, 2, 3, 4]);

        Assert.True(index.Contains(50_000));
        Assert.False(index.Contains(49_999));
        Assert.Equal(50_000, index.Search([1, 2, 3, 4], 1).Single().DocumentId);
    }

    [Fact]
    public void Dimension_mismatches_are_rejected()
    {
        var index = new DenseVectorIndex(3);

        Assert.Throws<ArgumentException>(() => index.Set(0, [1, 2]));
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3, 4], 1));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Non_finite_components_are_rejected()
    {
        var index = new DenseVectorIndex(2);

        Assert.Throws<ArgumentException>(() => index.Set(0, [float.NaN, 1]));
        Assert.Throws<ArgumentException>(() => index.Set(0, [float.PositiveInfinity, 1]));
        Assert.False(index.Contains(0));
    }

    [Fact]
    public void Clear_empties_the_index_but_keeps_it_usable()
    {
        var index = new DenseVectorIndex(2);
        index.Set(0, [1, 0]);
        index.Set(1, [0, 1]);

        index.Clear();

        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search([1, 0], 5));
        index.Set(1, [0, 1]);
        Assert.Equal(1, index.Search([1, 0], 5).Single().DocumentId);
    }

    [Fact]
    public void Search_with_top_zero_or_an_empty_index_returns_nothing()
    {
        var index = new DenseVectorIndex(2);
        Assert.Empty(index.Search([1, 0], 5));

        index.Set(0, [1, 0]);
        Assert.Empty(index.Search([1, 0], 0));
    }

    [Fact]
    public void Dimensions_is_reported_and_must_be_positive()
    {
        Assert.Equal(384, new DenseVectorIndex(384).Dimensions);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DenseVectorIndex(0));
    }
}
