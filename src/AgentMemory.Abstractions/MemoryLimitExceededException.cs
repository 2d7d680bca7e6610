namespace AgentMemory.Abstractions;

/// <summary>A configured resource limit (such as memories per user) would be exceeded. Maps to gRPC RESOURCE_EXHAUSTED.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryLimitExceededException")]
public sealed class MemoryLimitExceededException : Exception
{
    public MemoryLimitExceededException()
    {
    }

    public MemoryLimitExceededException(string message)
        : base(message)
    {
    }

    public MemoryLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
