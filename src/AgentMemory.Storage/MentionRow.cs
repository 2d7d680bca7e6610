namespace AgentMemory.Storage;

/// <summary>A memory mentions an entity.</summary>
public sealed record MentionRow(Guid MemoryId, string Entity);
