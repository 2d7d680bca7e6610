using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace AgentMemory.Client;

/// <summary>
/// Which memories a recall, a listing or a forget-by-filter considers. Every condition left
/// empty matches all memories.
/// </summary>
public sealed record MemoryFilterOptions
{
    /// <summary>Only these kinds; empty or null means all kinds.</summary>
    public IReadOnlyList<MemoryKind>? Kinds { get; init; }

    /// <summary>Only this session; null or empty means all sessions.</summary>
    public string? SessionId { get; init; }

    /// <summary>Only memories whose event time is at or after this instant.</summary>
    public DateTimeOffset? EventTimeFrom { get; init; }

    /// <summary>Only memories whose event time is before this instant (exclusive).</summary>
    public DateTimeOffset? EventTimeTo { get; init; }

    /// <summary>True when no condition is set (the filter matches everything).</summary>
    public bool IsEmpty =>
        (Kinds is null || Kinds.Count == 0) && string.IsNullOrEmpty(SessionId) && EventTimeFrom is null && EventTimeTo is null;

    /// <summary>Converts the filter to its wire form.</summary>
    /// <returns>The protocol message.</returns>
    public MemoryFilter ToProto()
    {
        var filter = new MemoryFilter { SessionId = SessionId ?? string.Empty };
        if (Kinds is not null)
        {
            filter.Kinds.Add(Kinds);
        }

        if (EventTimeFrom is { } from)
        {
            filter.EventTimeFrom = Timestamp.FromDateTimeOffset(from);
        }

        if (EventTimeTo is { } to)
        {
            filter.EventTimeTo = Timestamp.FromDateTimeOffset(to);
        }

        return filter;
    }
}
