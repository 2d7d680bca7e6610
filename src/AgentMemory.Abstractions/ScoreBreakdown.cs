namespace AgentMemory.Abstractions;

/// <summary>Why a memory was recalled: each component's score and rank, and the fused score.</summary>
[GenerateSerializer, Alias("agentmemory.ScoreBreakdown")]
public sealed record ScoreBreakdown(
    [property: Id(0)] float Dense,
    [property: Id(1)] float Lexical,
    [property: Id(2)] float Recency,
    [property: Id(3)] double Fused,
    [property: Id(4)] int DenseRank,
    [property: Id(5)] int LexicalRank)
{
    /// <summary>What the memory inherited from its conversation: neighbouring turns, its session, a speaker the query names.</summary>
    [Id(6)]
    public float Context { get; init; }

    /// <summary>Personalized PageRank score in the knowledge graph (0 when not a graph candidate).</summary>
    [Id(7)]
    public float Graph { get; init; }

    /// <summary>1-based rank in the graph candidate list; 0 when absent.</summary>
    [Id(8)]
    public int GraphRank { get; init; }

    /// <summary>The query's seed phrases next to this memory in the graph (directly or through a fact drawn from it), strongest first.</summary>
    [Id(9)]
    public IReadOnlyList<string> SeedPhrases { get; init; } = [];
}
