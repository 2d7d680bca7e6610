namespace AgentMemory.Core;

/// <summary>How <see cref="HybridRanker"/> combines the dense and lexical lists.</summary>
public enum FusionMethod
{
    /// <summary>
    /// Weighted sum of each list's scores normalized by that list's best score. Keeps how much
    /// better the best match is, which rank fusion throws away; the default.
    /// </summary>
    WeightedScore,

    /// <summary>Reciprocal-rank fusion: weight / (RrfK + rank). Needs no calibration; flattens score gaps.</summary>
    ReciprocalRank,
}
