using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>An episode not yet derived, with its position in the user's insertion order.</summary>
public sealed record PendingEpisode(long Seq, MemoryRecord Record);
