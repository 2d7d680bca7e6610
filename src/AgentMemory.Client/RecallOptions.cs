using AgentMemory.Protocol.V1;

namespace AgentMemory.Client;

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

    /// <summary>Recall what held at this event time (facts valid then); null means now.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Also return facts that have been invalidated (they carry <c>ValidTo</c> and <c>SupersededBy</c>).</summary>
    public bool IncludeInvalidated { get; init; }

    /// <summary>Attach each result's timeline neighbours (<c>RecalledMemory.Timeline</c>).</summary>
    public bool ExpandTimeline { get; init; }
}
