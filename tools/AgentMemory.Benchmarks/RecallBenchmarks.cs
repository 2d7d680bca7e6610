using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Grains;
using BenchmarkDotNet.Attributes;

namespace AgentMemory.Benchmarks;

/// <summary>
/// <see cref="UserMemoryIndex.Search(ReadOnlySpan{float}, string, int, MemoryFilter, RecallMode, HybridScoringOptions)"/>
/// at k = 10 with default scoring: the CPU work of one recall inside the grain. Each invocation runs all
/// <see cref="Fixture.QueryCount"/> queries; figures are per query.
/// </summary>
[MemoryDiagnoser]
public class RecallBenchmarks
{
    private const int K = 10;

    private readonly HybridScoringOptions _scoring = new();
    private Fixture _fixture = null!;
    private UserMemoryIndex _index = null!;
    private UserMemoryIndex _indexWithFacts = null!;
    private GraphSearch _graph = null!;
    private float[] _queryVector = null!;

    [Params(1_000, 10_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new Fixture(N);
        _index = _fixture.BuildUserIndex();
        var (withFacts, graph) = _fixture.BuildUserIndexWithGraph();
        _indexWithFacts = withFacts;
        _graph = new GraphSearch(graph, new AgentMemory.Core.Graph.PageRankOptions(), new GraphOptions().HubPassageShare);
        _queryVector = new float[Fixture.Dimensions];
        Console.WriteLine($"// N={N}: {withFacts.Count} memories with facts; graph {graph.PhraseCount} phrases, {graph.PassageCount} passages, {graph.EdgeCount} edges");
    }

    /// <summary>Hybrid recall as the grain runs it once derivation has built facts and the graph: the graph list takes part.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int HybridWithGraph() => RunWithGraph(RecallMode.Hybrid);

    /// <summary>Hybrid recall with the graph for questions that gather things of a kind: category expansion runs.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int HybridGathering()
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            found += _indexWithFacts.Search(_fixture.GatheringQueryEmbeddings[q], _fixture.GatheringQueries[q], K, MemoryFilter.None, RecallMode.Hybrid, _scoring, null, false, _graph).Count;
        }

        return found;
    }

    /// <summary>Graph mode: fact and phrase linking, Personalized PageRank, passage ranking.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int Graph() => RunWithGraph(RecallMode.Graph);

    private int RunWithGraph(RecallMode mode)
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            found += _indexWithFacts.Search(_fixture.QueryEmbeddings[q], _fixture.Queries[q], K, MemoryFilter.None, mode, _scoring, null, false, _graph).Count;
        }

        return found;
    }

    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int Hybrid() => Run(RecallMode.Hybrid, filtered: false);

    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int Dense() => Run(RecallMode.Dense, filtered: false);

    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int Lexical() => Run(RecallMode.Lexical, filtered: false);

    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int HybridSessionFilter() => Run(RecallMode.Hybrid, filtered: true);

    /// <summary>What the grain does per recall: embed the query text, then search.</summary>
    [Benchmark(OperationsPerInvoke = Fixture.QueryCount)]
    public int EmbedAndHybrid()
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            var query = _fixture.Queries[q];
            _fixture.Embedder.Embed(query, _queryVector);
            found += _index.Search(_queryVector, query, K, MemoryFilter.None, RecallMode.Hybrid, _scoring).Count;
        }

        return found;
    }

    private int Run(RecallMode mode, bool filtered)
    {
        var found = 0;
        for (var q = 0; q < Fixture.QueryCount; q++)
        {
            var filter = filtered ? _fixture.SessionFilters[q] : MemoryFilter.None;
            found += _index.Search(_fixture.QueryEmbeddings[q], _fixture.Queries[q], K, filter, mode, _scoring).Count;
        }

        return found;
    }
}
