namespace AgentMemory.Core;

/// <summary>
/// A document slot and its relevance score, as returned by the in-memory indexes.
/// </summary>
/// <remarks>
/// Ids are the caller's dense slot numbers rather than memory ids, so the indexes can keep their
/// per-document state in flat arrays; the owner maps slots back to memories.
/// </remarks>
/// <param name="DocumentId">The caller-assigned slot number.</param>
/// <param name="Score">Higher is more relevant; the scale depends on the index (BM25 or cosine).</param>
public readonly record struct ScoredDocument(int DocumentId, float Score);
