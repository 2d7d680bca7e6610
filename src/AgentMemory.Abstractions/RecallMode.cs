namespace AgentMemory.Abstractions;

/// <summary>Which candidate generators a recall uses.</summary>
[GenerateSerializer, Alias("agentmemory.RecallMode")]
public enum RecallMode
{
    /// <summary>Dense + lexical + knowledge graph + recency, fused (see docs/scoring.md), with conversational context.</summary>
    Hybrid = 1,

    /// <summary>Embedding similarity only.</summary>
    Dense = 2,

    /// <summary>BM25 only.</summary>
    Lexical = 3,

    /// <summary>
    /// Personalized PageRank over the user's knowledge graph (HippoRAG 2), seeded from the facts
    /// and phrases the query matches; falls back to dense when nothing in the graph matches.
    /// </summary>
    Graph = 4,
}
