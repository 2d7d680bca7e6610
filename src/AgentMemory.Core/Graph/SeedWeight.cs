namespace AgentMemory.Core.Graph;

/// <summary>A node where a Personalized PageRank walk restarts, and how much of the restart mass it gets.</summary>
/// <remarks>
/// Weights are relative: <see cref="PersonalizedPageRank"/> normalises the usable ones to sum to 1,
/// so callers can pass raw fact scores or dense similarities without scaling them first.
/// </remarks>
/// <param name="Node">A live node of the graph.</param>
/// <param name="Weight">Relative restart weight; a weight of zero or less is ignored.</param>
public readonly record struct SeedWeight(int Node, double Weight);
