namespace AgentMemory.Abstractions;

/// <summary>
/// A stored memory as callers see it (without its embedding). Derived facts also carry their
/// validity in event time (<see cref="ValidFrom"/>..<see cref="ValidTo"/>), the record time
/// they were retired (<see cref="ExpiredAt"/>) and what superseded them.
/// </summary>
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
    [property: Id(11)] IReadOnlyList<Guid> SourceIds)
{
    /// <summary>When the fact became true (event time); null means from <see cref="EventTime"/>.</summary>
    [Id(12)]
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>When the fact stopped being true (event time); null while it still holds.</summary>
    [Id(13)]
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>When the service learned it no longer holds (record time).</summary>
    [Id(14)]
    public DateTimeOffset? ExpiredAt { get; init; }

    /// <summary>The fact that replaced this one, when it was invalidated or merged away.</summary>
    [Id(15)]
    public Guid? SupersededBy { get; init; }

    /// <summary>
    /// For a derived fact, how sure the extraction was, in [0, 1]; it rises as other episodes corroborate
    /// the fact. Null for episodes and summaries.
    /// </summary>
    [Id(16)]
    public double? Confidence { get; init; }

    /// <summary>True while the memory holds now (never invalidated).</summary>
    public bool IsCurrent => ValidTo is null && ExpiredAt is null;

    /// <summary>Whether the memory held at <paramref name="time"/> (event time).</summary>
    public bool HeldAt(DateTimeOffset time) => (ValidFrom ?? EventTime) <= time && (ValidTo is not { } to || time < to);
}
