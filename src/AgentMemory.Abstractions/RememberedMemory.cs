namespace AgentMemory.Abstractions;

/// <summary>The outcome of remembering one event.</summary>
/// <param name="MemoryId">The stored memory (the existing one when deduplicated).</param>
/// <param name="IdempotencyKey">The key it is stored under.</param>
/// <param name="Deduplicated">True when the key was already stored, so nothing new was written.</param>
[GenerateSerializer, Alias("agentmemory.RememberedMemory")]
public sealed record RememberedMemory(
    [property: Id(0)] Guid MemoryId,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] bool Deduplicated);
