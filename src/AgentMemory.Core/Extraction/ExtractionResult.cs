namespace AgentMemory.Core.Extraction;

/// <summary>
/// Everything derived from one episode: facts, entities and triples.
/// </summary>
/// <param name="Facts">Atomic facts in the order their sentences appear.</param>
/// <param name="Entities">Distinct entities (case-insensitive), participants first.</param>
/// <param name="Triples">Distinct triples of all facts, in fact order.</param>
/// <remarks>
/// Triples and entities are also reachable per fact; the flat lists exist because the graph step consumes them
/// per episode and should not have to deduplicate again.
/// </remarks>
public sealed record ExtractionResult(
    IReadOnlyList<ExtractedFact> Facts,
    IReadOnlyList<ExtractedEntity> Entities,
    IReadOnlyList<ExtractedTriple> Triples)
{
    /// <summary>The result for empty or unusable input.</summary>
    public static ExtractionResult Empty { get; } = new([], [], []);
}
