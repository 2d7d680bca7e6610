namespace AgentMemory.Storage;

/// <summary>A synonym edge between two phrases whose embeddings are close (cosine <paramref name="Similarity"/>).</summary>
public sealed record SynonymRow(string PhraseA, string PhraseB, float Similarity);
