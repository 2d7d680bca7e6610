namespace AgentMemory.Core;

/// <summary>
/// One fused recall candidate with every signal that produced its score.
/// </summary>
/// <remarks>
/// The individual signals travel with the fused score so the service can explain rankings, apply
/// thresholds on raw similarity, and emit per-signal metrics without recomputing anything.
/// </remarks>
/// <param name="DocumentId">The document slot.</param>
/// <param name="Dense">Cosine similarity from the dense list; 0 when absent from it.</param>
/// <param name="Lexical">BM25 score from the lexical list; 0 when absent from it.</param>
/// <param name="Recency">Recency in [0, 1], 1 meaning brand new.</param>
/// <param name="Fused">The reciprocal-rank-fusion score the candidates are sorted by.</param>
/// <param name="DenseRank">1-based rank in the dense list; 0 when absent.</param>
/// <param name="LexicalRank">1-based rank in the lexical list; 0 when absent.</param>
/// <param name="Graph">Personalized PageRank score from the knowledge-graph list; 0 when absent from it.</param>
/// <param name="GraphRank">1-based rank in the graph list; 0 when absent.</param>
public readonly record struct HybridCandidate(
    int DocumentId,
    float Dense,
    float Lexical,
    float Recency,
    double Fused,
    int DenseRank,
    int LexicalRank,
    float Graph = 0f,
    int GraphRank = 0);
