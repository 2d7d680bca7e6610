namespace AgentMemory.Abstractions;

/// <summary>An ordered link between two memories about the same entity or topic.</summary>
/// <param name="Relation">continues, updates, causes or contradicts.</param>
/// <param name="Topic">The entity or topic the two memories share.</param>
[GenerateSerializer, Alias("agentmemory.TimelineLink")]
public sealed record TimelineLink(
    [property: Id(0)] Guid FromId,
    [property: Id(1)] Guid ToId,
    [property: Id(2)] string Relation,
    [property: Id(3)] string Topic);
