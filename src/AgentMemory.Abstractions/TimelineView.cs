namespace AgentMemory.Abstractions;

/// <summary>A timeline: its memories in time order and the links between them.</summary>
[GenerateSerializer, Alias("agentmemory.TimelineView")]
public sealed record TimelineView(
    [property: Id(0)] IReadOnlyList<MemoryRecord> Memories,
    [property: Id(1)] IReadOnlyList<TimelineLink> Links);
