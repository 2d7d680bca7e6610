namespace AgentMemory.Storage;

/// <summary>One change to record in a memory's history.</summary>
public sealed record HistoryRow(
    Guid MemoryId,
    string Operation,
    string? TextBefore,
    string? TextAfter,
    IReadOnlyList<Guid> RelatedIds,
    IReadOnlyList<Guid> SourceIds,
    string Reason,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo);
