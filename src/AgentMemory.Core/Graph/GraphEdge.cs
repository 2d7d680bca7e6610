namespace AgentMemory.Core.Graph;

/// <summary>One end of an undirected edge as seen from a node: the node at the other end and the edge's weight.</summary>
/// <remarks>
/// An 8-byte struct so that a node's edges sit contiguously in one array and a Personalized PageRank
/// pass reads them as a span without indirection or allocation.
/// </remarks>
/// <param name="Target">The node at the other end.</param>
/// <param name="Weight">The accumulated weight of the edge, positive (an edge whose weight falls to the removal epsilon is removed).</param>
public readonly record struct GraphEdge(int Target, float Weight);
