namespace AgentMemory.Abstractions;

/// <summary>Which candidate generators a recall uses.</summary>
[GenerateSerializer, Alias("agentmemory.RecallMode")]
public enum RecallMode
{
    /// <summary>Dense + lexical + recency, fused by reciprocal rank.</summary>
    Hybrid = 1,

    /// <summary>Embedding similarity only.</summary>
    Dense = 2,

    /// <summary>BM25 only.</summary>
    Lexical = 3,
}
