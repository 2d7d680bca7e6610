using AgentMemory.Core;
using AgentMemory.Grains;
using BenchmarkDotNet.Attributes;

namespace AgentMemory.Benchmarks;

/// <summary>
/// The CPU part of activating a user: rows already read and embeddings already decoded, index them.
/// </summary>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private Fixture _fixture = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _fixture = new Fixture(N);

    /// <summary><see cref="UserMemoryIndex.Add"/> for every record, as grain activation does.</summary>
    [Benchmark]
    public int BuildUserMemoryIndex() => _fixture.BuildUserIndex().Count;

    /// <summary>The dense part alone, default (16-bit) storage.</summary>
    [Benchmark]
    public int BuildDenseVectorIndex() => _fixture.BuildDenseIndex().Count;

    /// <summary>The dense part alone, 32-bit storage.</summary>
    [Benchmark]
    public int BuildDenseVectorIndexSingle() => _fixture.BuildDenseIndex(VectorPrecision.Single).Count;

    /// <summary>Embedding every text with the built-in embedder (what a re-embed would cost; activation reads stored vectors instead).</summary>
    [Benchmark]
    public float EmbedAll()
    {
        var vector = new float[Fixture.Dimensions];
        var sum = 0f;
        foreach (var record in _fixture.Records)
        {
            _fixture.Embedder.Embed(record.Text, vector);
            sum += vector[0];
        }

        return sum;
    }
}
