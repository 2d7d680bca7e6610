using AgentMemory.Core.Graph;

namespace AgentMemory.Grains;

/// <summary>What a recall needs to walk the user's knowledge graph: the graph, how to run PageRank on it, and which phrases are hubs.</summary>
public sealed record GraphSearch(UserKnowledgeGraph Graph, PageRankOptions PageRank, double HubPassageShare = 1d);
