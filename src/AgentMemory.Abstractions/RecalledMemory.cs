namespace AgentMemory.Abstractions;

/// <summary>One recall result.</summary>
[GenerateSerializer, Alias("agentmemory.RecalledMemory")]
public sealed record RecalledMemory(
    [property: Id(0)] MemoryRecord Memory,
    [property: Id(1)] ScoreBreakdown Score);
