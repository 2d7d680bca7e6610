namespace AgentMemory.Abstractions;

/// <summary>What a user's grain holds right now.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryStatistics")]
public sealed record MemoryStatistics(
    [property: Id(0)] int MemoryCount,
    [property: Id(1)] long ApproximateIndexBytes,
    [property: Id(2)] TimeSpan LastActivationDuration);
