using AgentMemory.Core.Graph;
using BenchmarkDotNet.Attributes;

namespace AgentMemory.Benchmarks;

/// <summary>
/// The HippoRAG 2 graph work of one recall, on a graph shaped like one user's memory: 10,000
/// passage nodes and 3,000 phrase nodes, each passage linked to 1-4 phrases drawn with a Zipf skew
/// (so the two speakers' names and a few common topics are hubs with thousands of passages), plus
/// 2,000 phrase-phrase relation edges. Each PageRank invocation runs <see cref="QueryCount"/> seed sets;
/// figures are per query.
/// </summary>
[MemoryDiagnoser]
public class GraphBenchmarks
{
    public const int QueryCount = 16;

    private const int PhraseCount = 3_000;
    private const int PassageCount = 10_000;
    private const int RelationCount = 2_000;
    private const int SeedPhrases = 5;
    private const int SeedPassages = 100;
    private const int SynonymDimensions = 384;

    private readonly PageRankOptions _options = new();
    private WeightedGraph _graph = null!;
    private SeedWeight[][] _phraseSeeds = null!;
    private SeedWeight[][] _mixedSeeds = null!;
    private SynonymFinder _synonyms = null!;
    private float[][] _synonymQueries = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        _graph = new WeightedGraph();
        var phrases = Enumerable.Range(0, PhraseCount).Select(_ => _graph.AddNode()).ToArray();
        var passages = Enumerable.Range(0, PassageCount).Select(_ => _graph.AddNode()).ToArray();

        // Zipf with exponent 1: phrase k is drawn with probability proportional to 1 / (k + 1).
        var cumulative = new double[PhraseCount];
        var total = 0d;
        for (var k = 0; k < PhraseCount; k++)
        {
            total += 1d / (k + 1);
            cumulative[k] = total;
        }

        int ZipfPhrase()
        {
            var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
            return phrases[Math.Min(index < 0 ? ~index : index, PhraseCount - 1)];
        }

        foreach (var passage in passages)
        {
            var links = random.Next(1, 5);
            for (var i = 0; i < links; i++)
            {
                var phrase = ZipfPhrase();
                if (_graph.EdgeWeight(passage, phrase) == 0f)
                {
                    _graph.AddEdgeWeight(passage, phrase, 1f);
                }
            }
        }

        for (var added = 0; added < RelationCount;)
        {
            var a = ZipfPhrase();
            var b = ZipfPhrase();
            if (a != b)
            {
                _graph.AddEdgeWeight(a, b, 1f);
                added++;
            }
        }

        // HippoRAG 2 seeds a phrase with its fact score divided by the number of passages it occurs in;
        // every query names one speaker (a hub) plus a few ordinary phrases.
        double PhraseWeight(int phrase) => (0.5 + (0.5 * random.NextDouble())) / Math.Max(1d, _graph.WeightedDegree(phrase));

        _phraseSeeds = new SeedWeight[QueryCount][];
        _mixedSeeds = new SeedWeight[QueryCount][];
        for (var q = 0; q < QueryCount; q++)
        {
            var seeds = new List<SeedWeight> { new(phrases[q % 2], PhraseWeight(phrases[q % 2])) };
            while (seeds.Count < SeedPhrases)
            {
                var phrase = phrases[random.Next(10, PhraseCount)];
                seeds.Add(new SeedWeight(phrase, PhraseWeight(phrase)));
            }

            _phraseSeeds[q] = [.. seeds];

            // Passages carry a small weight times their dense similarity to the query.
            for (var i = 0; i < SeedPassages; i++)
            {
                seeds.Add(new SeedWeight(passages[random.Next(PassageCount)], 0.05 * (0.3 + (0.5 * random.NextDouble()))));
            }

            _mixedSeeds[q] = [.. seeds];
        }

        _synonyms = new SynonymFinder(SynonymDimensions, new SynonymOptions());
        var vectors = Enumerable.Range(0, PhraseCount).Select(_ => GaussianVector(random)).ToArray();
        for (var id = 0; id < vectors.Length; id++)
        {
            _synonyms.Add(id, vectors[id]);
        }

        // A query is a stored phrase with slight noise (a near-synonym): it has at least one true match.
        _synonymQueries = [.. Enumerable.Range(0, QueryCount).Select(q =>
        {
            var noise = GaussianVector(random);
            return vectors[q * 97].Zip(noise, (component, n) => component + (0.2f * n)).ToArray();
        })];
    }

    /// <summary>Five seed phrases (one a speaker hub), default options (damping 0.5, tolerance 1e-6).</summary>
    [Benchmark(OperationsPerInvoke = QueryCount)]
    public double PageRank() => Run(_phraseSeeds);

    /// <summary>The same phrases plus 100 passage seeds with small weights.</summary>
    [Benchmark(OperationsPerInvoke = QueryCount)]
    public double PageRankWithPassageSeeds() => Run(_mixedSeeds);

    /// <summary>Synonym candidates of one 384-dimensional phrase vector among 3,000 random ones.</summary>
    [Benchmark(OperationsPerInvoke = QueryCount)]
    public int SynonymFindSimilar()
    {
        var found = 0;
        for (var q = 0; q < QueryCount; q++)
        {
            found += _synonyms.FindSimilar(_synonymQueries[q], excludePhraseId: -1).Count;
        }

        return found;
    }

    private double Run(SeedWeight[][] seedSets)
    {
        var sum = 0d;
        foreach (var seeds in seedSets)
        {
            using var result = PersonalizedPageRank.Run(_graph, seeds, _options);
            sum += result.Iterations + result.TouchedNodes.Count;
        }

        return sum;
    }

    private static float[] GaussianVector(Random random)
    {
        var vector = new float[SynonymDimensions];
        for (var j = 0; j < vector.Length; j++)
        {
            vector[j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return vector;
    }
}
