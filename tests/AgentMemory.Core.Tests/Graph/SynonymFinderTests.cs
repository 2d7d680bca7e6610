using AgentMemory.Core.Graph;

namespace AgentMemory.Core.Tests.Graph;

public class SynonymFinderTests
{
    private const int Dimensions = 64;

    private static float[] RandomVector(Random random) =>
        [.. Enumerable.Range(0, Dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1))];

    /// <summary>A copy of <paramref name="vector"/> with small noise added, then checked to be within the wanted cosine.</summary>
    private static float[] Perturbed(float[] vector, Random random, double noise, float minimumCosine)
    {
        var copy = vector.Select(component => component + (float)(((random.NextDouble() * 2) - 1) * noise)).ToArray();
        Assert.True(VectorMath.Cosine(vector, copy) > minimumCosine);
        return copy;
    }

    private static SynonymFinder FinderWithRandomPhrases(Random random, int count, SynonymOptions? options = null)
    {
        var finder = new SynonymFinder(Dimensions, options ?? new SynonymOptions());
        for (var id = 0; id < count; id++)
        {
            finder.Add(id, RandomVector(random));
        }

        return finder;
    }

    [Fact]
    public void A_slightly_perturbed_copy_is_found()
    {
        var random = new Random(5);
        var finder = FinderWithRandomPhrases(random, 300);
        var original = RandomVector(random);
        finder.Add(1_000, original);

        var found = finder.FindSimilar(Perturbed(original, random, noise: 0.1, minimumCosine: 0.95f), excludePhraseId: -1);

        var match = Assert.Single(found);
        Assert.Equal(1_000, match.PhraseId);
        Assert.True(match.Similarity > 0.95f);
    }

    [Fact]
    public void Finds_most_near_duplicates_across_many_trials()
    {
        var random = new Random(8);
        var finder = new SynonymFinder(Dimensions, new SynonymOptions());
        var originals = Enumerable.Range(0, 200).Select(_ => RandomVector(random)).ToArray();
        for (var id = 0; id < originals.Length; id++)
        {
            finder.Add(id, originals[id]);
        }

        var hits = Enumerable.Range(0, originals.Length)
            .Count(id => finder.FindSimilar(Perturbed(originals[id], random, 0.1, 0.95f), -1).Any(match => match.PhraseId == id));

        // At cosine above 0.95 a pair shares one of 16 bands with probability above 0.999.
        Assert.True(hits >= 198, $"found {hits} of 200");
    }

    [Fact]
    public void Unrelated_and_orthogonal_vectors_are_not_returned()
    {
        var random = new Random(6);
        var finder = FinderWithRandomPhrases(random, 500);
        var axis = new float[Dimensions];
        axis[0] = 1f;
        var orthogonal = new float[Dimensions];
        orthogonal[1] = 1f;
        finder.Add(900, axis);

        Assert.Empty(finder.FindSimilar(orthogonal, -1));
        for (var trial = 0; trial < 20; trial++)
        {
            Assert.Empty(finder.FindSimilar(RandomVector(random), -1));
        }
    }

    [Fact]
    public void Results_are_best_first_and_limited_to_MaxPerPhrase()
    {
        var random = new Random(7);
        var finder = FinderWithRandomPhrases(random, 100, new SynonymOptions { MaxPerPhrase = 3 });
        var center = RandomVector(random);
        for (var id = 0; id < 6; id++)
        {
            finder.Add(500 + id, Perturbed(center, random, 0.05 * (id + 1), 0.9f));
        }

        var found = finder.FindSimilar(center, excludePhraseId: -1);

        Assert.Equal(3, found.Count);
        Assert.Equal(found.OrderByDescending(match => match.Similarity).ToList(), found);
        Assert.All(found, match => Assert.InRange(match.PhraseId, 500, 505));
        Assert.Equal(500, found[0].PhraseId);
    }

    [Fact]
    public void The_excluded_phrase_is_skipped()
    {
        var random = new Random(9);
        var finder = FinderWithRandomPhrases(random, 50);
        var vector = RandomVector(random);
        finder.Add(77, vector);
        finder.Add(78, Perturbed(vector, random, 0.05, 0.98f));

        var found = finder.FindSimilar(vector, excludePhraseId: 77);

        Assert.Equal([78], found.Select(match => match.PhraseId));
    }

    [Fact]
    public void A_removed_phrase_can_no_longer_be_found()
    {
        var random = new Random(10);
        var finder = FinderWithRandomPhrases(random, 50);
        var vector = RandomVector(random);
        finder.Add(420, vector);
        Assert.Equal(51, finder.Count);

        finder.Remove(420);
        finder.Remove(420);

        Assert.Equal(50, finder.Count);
        Assert.Empty(finder.FindSimilar(vector, -1));
    }

    [Fact]
    public void Adding_an_existing_phrase_replaces_its_vector()
    {
        var random = new Random(12);
        var finder = new SynonymFinder(Dimensions, new SynonymOptions());
        var first = RandomVector(random);
        var second = RandomVector(random);
        finder.Add(1, first);

        finder.Add(1, second);

        Assert.Equal(1, finder.Count);
        Assert.Empty(finder.FindSimilar(first, -1));
        Assert.Equal([1], finder.FindSimilar(second, -1).Select(match => match.PhraseId));
    }

    [Fact]
    public void Clear_forgets_every_phrase()
    {
        var random = new Random(13);
        var finder = FinderWithRandomPhrases(random, 20);
        var vector = RandomVector(random);
        finder.Add(20, vector);

        finder.Clear();

        Assert.Equal(0, finder.Count);
        Assert.Empty(finder.FindSimilar(vector, -1));
        finder.Add(3, vector);
        Assert.Equal([3], finder.FindSimilar(vector, -1).Select(match => match.PhraseId));
    }

    [Fact]
    public void The_same_seed_gives_the_same_results_in_two_instances()
    {
        // A low threshold and few bits make results depend on the hyperplanes: different seeds would differ.
        var options = new SynonymOptions { Threshold = 0.2f, Bands = 2, BitsPerBand = 4, MaxPerPhrase = 50 };
        var vectors = Enumerable.Range(0, 300).Select(seed => RandomVector(new Random(seed))).ToArray();
        var queries = Enumerable.Range(1_000, 20).Select(seed => RandomVector(new Random(seed))).ToArray();
        var a = new SynonymFinder(Dimensions, options);
        var b = new SynonymFinder(Dimensions, options);
        for (var id = 0; id < vectors.Length; id++)
        {
            a.Add(id, vectors[id]);
            b.Add(id, vectors[id]);
        }

        var other = new SynonymFinder(Dimensions, new SynonymOptions { Threshold = 0.2f, Bands = 2, BitsPerBand = 4, MaxPerPhrase = 50, Seed = 7 });
        for (var id = 0; id < vectors.Length; id++)
        {
            other.Add(id, vectors[id]);
        }

        foreach (var query in queries)
        {
            Assert.Equal(a.FindSimilar(query, -1), b.FindSimilar(query, -1));
        }

        Assert.Contains(queries, query => a.FindSimilar(query, -1).Count > 0);

        // The seed is what picks the hyperplanes: another seed puts other pairs in a bucket together.
        Assert.Contains(queries, query => !a.FindSimilar(query, -1).SequenceEqual(other.FindSimilar(query, -1)));
    }

    [Fact]
    public void A_zero_vector_is_stored_but_never_similar()
    {
        var finder = new SynonymFinder(Dimensions, new SynonymOptions());

        var vector = RandomVector(new Random(21));
        finder.Add(1, new float[Dimensions]);
        finder.Add(2, vector);

        Assert.Equal(2, finder.Count);
        Assert.Equal([2], finder.FindSimilar(vector, -1).Select(match => match.PhraseId));
        Assert.Empty(finder.FindSimilar(new float[Dimensions], -1));
        finder.Remove(1);
        Assert.Equal(1, finder.Count);
    }

    [Fact]
    public void ApproximateBytes_grows_with_phrases()
    {
        var random = new Random(14);
        var empty = new SynonymFinder(Dimensions, new SynonymOptions()).ApproximateBytes;

        var full = FinderWithRandomPhrases(random, 100).ApproximateBytes;

        Assert.True(full > empty + (100 * Dimensions * sizeof(float)));
    }

    [Fact]
    public void Bad_embeddings_are_rejected()
    {
        var finder = new SynonymFinder(Dimensions, new SynonymOptions());
        var nan = new float[Dimensions];
        nan[3] = float.NaN;

        Assert.Throws<ArgumentException>(() => finder.Add(0, new float[Dimensions - 1]));
        Assert.Throws<ArgumentException>(() => finder.Add(0, nan));
        Assert.Throws<ArgumentException>(() => finder.FindSimilar(new float[Dimensions + 1], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => finder.Add(-2, new float[Dimensions]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SynonymFinder(0, new SynonymOptions()));
    }

    [Theory]
    [InlineData(nameof(SynonymOptions.Threshold))]
    [InlineData(nameof(SynonymOptions.MaxPerPhrase))]
    [InlineData(nameof(SynonymOptions.Bands))]
    [InlineData(nameof(SynonymOptions.BitsPerBand))]
    public void Invalid_options_are_rejected_naming_the_property(string property)
    {
        SynonymOptions[] invalid = property switch
        {
            nameof(SynonymOptions.Threshold) => [new() { Threshold = 0f }, new() { Threshold = 1.01f }, new() { Threshold = float.NaN }],
            nameof(SynonymOptions.MaxPerPhrase) => [new() { MaxPerPhrase = 0 }],
            nameof(SynonymOptions.Bands) => [new() { Bands = 0 }, new() { Bands = 65 }],
            _ => [new() { BitsPerBand = 0 }, new() { BitsPerBand = 25 }],
        };

        foreach (var options in invalid)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SynonymFinder(Dimensions, options));
            Assert.Equal(property, error.ParamName);
        }
    }
}
