namespace AgentMemory.Abstractions;

/// <summary>A page request: newest event first, continuing after <see cref="PageToken"/>.</summary>
[GenerateSerializer, Alias("agentmemory.ListQuery")]
public sealed record ListQuery(
    [property: Id(0)] MemoryFilter Filter,
    [property: Id(1)] int PageSize,
    [property: Id(2)] string? PageToken);
