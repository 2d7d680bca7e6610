namespace AgentMemory.Client;

/// <summary>Options of <see cref="IAgentMemoryClient.ListAsync"/> and <see cref="IAgentMemoryClient.ListAllAsync"/>.</summary>
public sealed record ListOptions
{
    /// <summary>Memories per page, 1..1000; 0 (default) means the service default (50).</summary>
    public int PageSize { get; init; }

    /// <summary>The <c>NextPageToken</c> of a previous page; null or empty for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>Restricts the memories listed; null means all.</summary>
    public MemoryFilterOptions? Filter { get; init; }
}
