namespace AgentMemory.Abstractions;

/// <summary>Which timeline to return: the chain of an entity, of a topic (free text), or around a memory.</summary>
[GenerateSerializer, Alias("agentmemory.TimelineQuery")]
public sealed record TimelineQuery(
    [property: Id(0)] string? Entity,
    [property: Id(1)] string? Topic,
    [property: Id(2)] Guid? MemoryId,
    [property: Id(3)] int Limit);
