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
}
