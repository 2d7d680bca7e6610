namespace AgentMemory.Abstractions;

/// <summary>Who produced an event. Numbers match <c>agentmemory.v1.Role</c> and the <c>role</c> column.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryRole")]
public enum MemoryRole : short
{
    Unspecified = 0,
    User = 1,
    Assistant = 2,
    System = 3,
    Tool = 4,
    Observation = 5,
}
