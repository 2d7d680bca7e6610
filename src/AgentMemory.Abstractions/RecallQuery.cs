namespace AgentMemory.Abstractions;

/// <summary>A validated recall request.</summary>
[GenerateSerializer, Alias("agentmemory.RecallQuery")]
public sealed record RecallQuery(
    [property: Id(0)] string Query,
    [property: Id(1)] int K,
    [property: Id(2)] MemoryFilter Filter,
    [property: Id(3)] int TokenBudget,
    [property: Id(4)] RecallMode Mode);
