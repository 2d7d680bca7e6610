namespace AgentMemory.Abstractions;

/// <summary>One recall result.</summary>
[GenerateSerializer, Alias("agentmemory.RecalledMemory")]
public sealed record RecalledMemory(
    [property: Id(0)] MemoryRecord Memory,
    [property: Id(1)] ScoreBreakdown Score)
{
    /// <summary>The memories before and after this one on its timelines, oldest first (when asked for).</summary>
    [Id(2)]
    public IReadOnlyList<MemoryRecord> Timeline { get; init; } = [];
}
