namespace AgentMemory.Abstractions;

/// <summary>A stored memory as callers see it (without its embedding).</summary>
[GenerateSerializer, Alias("agentmemory.MemoryRecord")]
public sealed record MemoryRecord(
    [property: Id(0)] Guid Id,
    [property: Id(1)] MemoryKind Kind,
    [property: Id(2)] string Text,
    [property: Id(3)] string? Speaker,
    [property: Id(4)] MemoryRole Role,
    [property: Id(5)] string? SessionId,
    [property: Id(6)] DateTimeOffset EventTime,
    [property: Id(7)] DateTimeOffset RecordedAt,
    [property: Id(8)] string MetadataJson,
    [property: Id(9)] string IdempotencyKey,
    [property: Id(10)] string Origin,
    [property: Id(11)] IReadOnlyList<Guid> SourceIds);
