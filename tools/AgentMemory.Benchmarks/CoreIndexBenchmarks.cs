using AgentMemory.Core;
using BenchmarkDotNet.Attributes;

namespace AgentMemory.Benchmarks;

/// <summary>
/// The two candidate generators alone, at the pool size a hybrid recall asks for (100) and at 10,
/// plus query embedding. Each invocation runs all <see cref="Fixture.QueryCount"/> queries; figures are per query.
/// </summary>
[MemoryDiagnoser]
public class CoreIndexBenchmarks
{
    private Fixture _fixture = null!;
    private DenseVectorIndex _dense = null!;
    private DenseVectorIndex _single = null!;
    private DenseVectorIndex _half = null!;
    private Bm25Index _lexical = null!;
    private float[] _queryVector = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new Fixture(N);
        _dense = _fixture.BuildDenseIndex();
        _single = _fixture.BuildDenseIndex(VectorPrecision.Single);
        _half = _fixture.BuildDenseIndex(VectorPrecision.Half);
        _lexical = _fixture.BuildLexicalIndex();
        _queryVector = new float[Fixture.Dimensions];
    }

    /// <summary>Hashed (sparse) query vectors from <see cref="HashingEmbedder"/>, top 10, default storage.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseHashedTop10() => Dense(_fixture.QueryEmbeddings, 10);

    /// <summary>Hashed query vectors, top 100 (the hybrid candidate pool), 32-bit storage.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseHashedTop100Single() => Dense(_single, _fixture.QueryEmbeddings, 100);

    /// <summary>Hashed query vectors, top 100 (the hybrid candidate pool), 16-bit storage (the default).</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseHashedTop100Half() => Dense(_half, _fixture.QueryEmbeddings, 100);

    /// <summary>Fully dense query vectors, top 100, 32-bit storage.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseNeuralTop100Single() => Dense(_single, _fixture.DenseQueryEmbeddings, 100);

    /// <summary>Fully dense query vectors, top 100, 16-bit storage.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseNeuralTop100Half() => Dense(_half, _fixture.DenseQueryEmbeddings, 100);

    /// <summary>Hashed query vectors, top 100, with a filter that accepts every other slot.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int DenseHashedTop100Filtered()
    {
        var found = 0;
        Func<int, bool> filter = static slot => (slot & 1) == 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            found += _dense.Search(_fixture.QueryEmbeddings[q], 100, filter).Count;
        }

        return found;
    }

    /// <summary>BM25 over pre-analyzed query terms, top 100.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int Bm25Top100()
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            found += _lexical.Search(_fixture.QueryTerms[q], 100).Count;
        }

        return found;
    }

    /// <summary>HashingEmbedder on a query string into a reused buffer.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public float EmbedQuery()
    {
        var sum = 0f;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            _fixture.Embedder.Embed(_fixture.Queries[q], _queryVector);
            sum += _queryVector[0];
        }

        return sum;
    }

    private int Dense(float[][] queries, int top) => Dense(_dense, queries, top);

    private static int Dense(DenseVectorIndex index, float[][] queries, int top)
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            found += index.Search(queries[q], top).Count;
        }

        return found;
    }
}
