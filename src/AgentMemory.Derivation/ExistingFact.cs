using AgentMemory.Core.Extraction;

namespace AgentMemory.Derivation;

/// <summary>A stored, currently valid fact similar to a candidate, as an update decision sees it.</summary>
/// <param name="Similarity">Cosine similarity of the two facts' embeddings.</param>
public sealed record ExistingFact(Guid Id, string Text, IReadOnlyList<ExtractedTriple> Triples, float Similarity, DateTimeOffset ValidFrom);
