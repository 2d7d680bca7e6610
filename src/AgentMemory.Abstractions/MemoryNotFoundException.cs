namespace AgentMemory.Abstractions;

/// <summary>Some requested memory ids do not exist for the user. Maps to gRPC NOT_FOUND.</summary>
[GenerateSerializer, Alias("agentmemory.MemoryNotFoundException")]
public sealed class MemoryNotFoundException : Exception
{
    public MemoryNotFoundException()
    {
        MissingIds = [];
    }

    public MemoryNotFoundException(string message)
        : base(message)
    {
        MissingIds = [];
    }

    public MemoryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        MissingIds = [];
    }

    public MemoryNotFoundException(IReadOnlyList<Guid> missingIds)
        : base($"No memory with id {string.Join(", ", missingIds.Take(10))}{(missingIds.Count > 10 ? ", …" : string.Empty)} exists for this user.")
    {
        MissingIds = missingIds;
    }

    /// <summary>The ids that were not found.</summary>
    [Id(0)]
    public IReadOnlyList<Guid> MissingIds { get; init; }
}
