using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>A new derived memory (fact or summary) with its embedding.</summary>
public sealed record DerivedMemoryRow(MemoryRecord Record, ReadOnlyMemory<float> Embedding);
