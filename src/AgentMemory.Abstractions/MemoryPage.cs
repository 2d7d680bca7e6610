namespace AgentMemory.Abstractions;

/// <summary>One page of memories; <see cref="NextPageToken"/> is null on the last page.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryPage")]
public sealed record MemoryPage(
    [property: Id(0)] IReadOnlyList<MemoryRecord> Memories,
    [property: Id(1)] string? NextPageToken);
