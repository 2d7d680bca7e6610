using AgentMemory.Core.Graph;

namespace AgentMemory.Grains;

/// <summary>What a recall needs to walk the user's knowledge graph: the graph and how to run PageRank on it.</summary>
public sealed record GraphSearch(UserKnowledgeGraph Graph, PageRankOptions PageRank);
