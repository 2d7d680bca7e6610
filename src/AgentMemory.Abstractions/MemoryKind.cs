namespace AgentMemory.Abstractions;

/// <summary>What a memory is. Numbers match <c>agentmemory.v1.MemoryKind</c> and the <c>kind</c> column.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryKind")]
public enum MemoryKind : short
{
    /// <summary>A raw event as remembered; never edited, only forgotten.</summary>
    Episodic = 1,

    /// <summary>An atomic fact distilled from episodes.</summary>
    Semantic = 2,

    /// <summary>A session or higher-level summary.</summary>
    Summary = 3,
}
