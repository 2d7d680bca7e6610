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

/// <summary>Options of <see cref="IAgentMemoryClient.RecallAsync"/>.</summary>
public sealed record RecallOptions
{
    /// <summary>Results wanted, 1..100 (default 10); 0 lets the service choose (10).</summary>
    public int K { get; init; } = 10;

    /// <summary>How candidates are found (default <see cref="RecallMode.Hybrid"/>: dense + lexical + recency).</summary>
    public RecallMode Mode { get; init; } = RecallMode.Hybrid;

    /// <summary>Token budget of the rendered context block; 0 (default) means the service default (1000).</summary>
    public int TokenBudget { get; init; }

    /// <summary>Restricts the memories considered; null means all.</summary>
    public MemoryFilterOptions? Filter { get; init; }
}

/// <summary>Options of <see cref="IAgentMemoryClient.ListAsync"/> and <see cref="IAgentMemoryClient.ListAllAsync"/>.</summary>
public sealed record ListOptions
{
    /// <summary>Memories per page, 1..1000; 0 (default) means the service default (50).</summary>
    public int PageSize { get; init; }

    /// <summary>The <c>NextPageToken</c> of a previous page; null or empty for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>Restricts the memories listed; null means all.</summary>
    public MemoryFilterOptions? Filter { get; init; }
}
