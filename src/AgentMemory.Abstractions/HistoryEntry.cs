namespace AgentMemory.Abstractions;

/// <summary>One change to a derived memory, in the order it happened.</summary>
/// <param name="Sequence">Monotonic position in the user's history.</param>
/// <param name="Operation">ADD, UPDATE, INVALIDATE, MERGE, SOURCE_FORGOTTEN or DELETE.</param>
/// <param name="RelatedIds">Other memories involved: the superseding fact, the merged facts.</param>
[GenerateSerializer, Alias("agentmemory.HistoryEntry")]
public sealed record HistoryEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid MemoryId,
    [property: Id(2)] string Operation,
    [property: Id(3)] string? TextBefore,
    [property: Id(4)] string? TextAfter,
    [property: Id(5)] IReadOnlyList<Guid> RelatedIds,
    [property: Id(6)] IReadOnlyList<Guid> SourceIds,
    [property: Id(7)] string Reason,
    [property: Id(8)] DateTimeOffset? ValidFrom,
    [property: Id(9)] DateTimeOffset? ValidTo,
    [property: Id(10)] DateTimeOffset RecordedAt);
