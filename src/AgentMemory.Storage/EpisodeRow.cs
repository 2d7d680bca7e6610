using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>An episode ready to insert: its new id, content and embedding.</summary>
public sealed record EpisodeRow(Guid MemoryId, NewEpisode Episode, ReadOnlyMemory<float> Embedding);
