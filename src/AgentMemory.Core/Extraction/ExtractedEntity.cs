namespace AgentMemory.Core.Extraction;

/// <summary>
/// A named entity found in an episode: a node candidate for the memory graph.
/// </summary>
/// <param name="Name">The surface name, possessive removed and nicknames mapped to the participant ("Mel" → "Melanie").</param>
/// <param name="Kind">Its coarse type.</param>
/// <remarks>
/// Names are deduplicated case-insensitively within one extraction; cross-episode synonym merging ("NYC" / "New
/// York") is the graph's job, not the extractor's.
/// </remarks>
public sealed record ExtractedEntity(string Name, EntityKind Kind);
