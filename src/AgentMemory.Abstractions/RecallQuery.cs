namespace AgentMemory.Abstractions;

/// <summary>A validated recall request.</summary>
[GenerateSerializer, Alias("agentmemory.RecallQuery")]
public sealed record RecallQuery(
    [property: Id(0)] string Query,
    [property: Id(1)] int K,
    [property: Id(2)] MemoryFilter Filter,
    [property: Id(3)] int TokenBudget,
    [property: Id(4)] RecallMode Mode)
{
    /// <summary>Recall what held at this event time; null means now.</summary>
    [Id(5)]
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>Also return facts that have been invalidated (they are marked by their validity).</summary>
    [Id(6)]
    public bool IncludeInvalidated { get; init; }

    /// <summary>Attach each hit's timeline neighbours.</summary>
    [Id(7)]
    public bool ExpandTimeline { get; init; }
}
