namespace AgentMemory.Abstractions;

/// <summary>An event to remember, already validated and with its idempotency key resolved.</summary>
[GenerateSerializer, Alias("agentmemory.NewEpisode")]
public sealed record NewEpisode(
    [property: Id(0)] string Text,
    [property: Id(1)] string? Speaker,
    [property: Id(2)] MemoryRole Role,
    [property: Id(3)] string? SessionId,
    [property: Id(4)] DateTimeOffset EventTime,
    [property: Id(5)] string MetadataJson,
    [property: Id(6)] string IdempotencyKey);
