namespace AgentMemory.Abstractions;

/// <summary>Ranked memories and the prompt-ready context block rendered from them.</summary>
[GenerateSerializer, Alias("agentmemory.RecallResult")]
public sealed record RecallResult(
    [property: Id(0)] IReadOnlyList<RecalledMemory> Memories,
    [property: Id(1)] string Context,
    [property: Id(2)] int ContextTokens);
