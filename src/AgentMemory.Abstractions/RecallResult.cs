namespace AgentMemory.Abstractions;

/// <summary>Ranked memories and the prompt-ready context block rendered from them.</summary>
/// <remarks>
/// Immutable to Orleans: a recall builds a new result and never touches it again, and the
/// records in it are immutable, so a call inside the silo (the gRPC service calling the grain)
/// passes it by reference instead of deep-copying ten memories on every recall.
/// </remarks>
[GenerateSerializer, Immutable, Alias("agentmemory.RecallResult")]
public sealed record RecallResult(
    [property: Id(0)] IReadOnlyList<RecalledMemory> Memories,
    [property: Id(1)] string Context,
    [property: Id(2)] int ContextTokens);
