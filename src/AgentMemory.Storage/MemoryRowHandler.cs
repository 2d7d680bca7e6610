using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>Receives one stored memory with its embedding while a user is loaded.</summary>
public delegate void MemoryRowHandler(MemoryRecord record, ReadOnlyMemory<float> embedding);
