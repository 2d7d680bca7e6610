namespace AgentMemory.Core;

/// <summary>A candidate after contextual re-ranking.</summary>
/// <param name="Base">Its own fused score, normalized so the best candidate has 1.</param>
/// <param name="Context">What it inherited from its neighbours, its session and a named speaker.</param>
/// <param name="Fused">The original fusion result (null for a turn that entered only as a neighbour).</param>
public readonly record struct ContextualCandidate(int DocumentId, double Base, double Context, HybridCandidate? Fused)
{
    /// <summary>The score the results are ordered by.</summary>
    public double Score => Base + Context;
}
