namespace AgentMemory.Core;

/// <summary>One document's occurrence count for a term; eight bytes, stored inline in posting arrays.</summary>
internal readonly record struct Posting(int DocumentId, int TermFrequency);
