namespace AgentMemory.Storage;

/// <summary>New values for an existing derived memory (text and embedding only when rewritten).</summary>
public sealed record MemoryRevision(
    Guid MemoryId,
    string Text,
    ReadOnlyMemory<float>? Embedding,
    IReadOnlyList<Guid> SourceIds,
    DateTimeOffset? ValidTo,
    DateTimeOffset? ExpiredAt,
    Guid? SupersededBy)
{
    /// <summary>The fact's new confidence; null leaves it as it is.</summary>
    public double? Confidence { get; init; }
}
