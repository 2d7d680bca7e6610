using AgentMemory.Core;

namespace AgentMemory.Grains;

/// <summary>Scoring knobs for recall. Bound from <c>AgentMemory:Recall</c>; docs/scoring.md explains them.</summary>
public sealed class RecallOptions
{
    public const string SectionName = "AgentMemory:Recall";

    /// <summary>Fusion weights, reciprocal-rank constant, recency half-life and candidate pool.</summary>
    public HybridScoringOptions Scoring { get; set; } = new();
}
