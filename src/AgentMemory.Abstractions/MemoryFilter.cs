namespace AgentMemory.Abstractions;

/// <summary>
/// Restricts recall, list and forget. Empty <see cref="Kinds"/> means every kind; the event
/// time range is inclusive at <see cref="EventTimeFrom"/> and exclusive at <see cref="EventTimeTo"/>.
/// </summary>
[GenerateSerializer, Alias("agentmemory.MemoryFilter")]
public sealed record MemoryFilter(
    [property: Id(0)] IReadOnlyList<MemoryKind> Kinds,
    [property: Id(1)] string? SessionId,
    [property: Id(2)] DateTimeOffset? EventTimeFrom,
    [property: Id(3)] DateTimeOffset? EventTimeTo)
{
    /// <summary>A filter that matches everything.</summary>
    public static MemoryFilter None { get; } = new([], null, null, null);

    /// <summary>True when the filter restricts nothing.</summary>
    public bool IsEmpty => Kinds.Count == 0 && SessionId is null && EventTimeFrom is null && EventTimeTo is null;

    /// <summary>Whether a memory with these attributes passes the filter.</summary>
    public bool Matches(MemoryKind kind, string? sessionId, DateTimeOffset eventTime)
    {
        if (Kinds.Count > 0 && !Kinds.Contains(kind))
        {
            return false;
        }

        if (SessionId is not null && !string.Equals(SessionId, sessionId, StringComparison.Ordinal))
        {
            return false;
        }

        if (EventTimeFrom is { } from && eventTime < from)
        {
            return false;
        }

        return EventTimeTo is not { } to || eventTime < to;
    }
}
