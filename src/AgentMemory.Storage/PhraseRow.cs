namespace AgentMemory.Storage;

/// <summary>A phrase node of the knowledge graph: its normalized text and its embedding.</summary>
public sealed record PhraseRow(string Phrase, ReadOnlyMemory<float> Embedding);
