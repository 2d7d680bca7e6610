namespace AgentMemory.Grains;

/// <summary>A passage ranked by Personalized PageRank, with the seed phrases next to it in the graph.</summary>
public sealed record GraphHit(Guid Passage, float Score, IReadOnlyList<string> SeedPhrases);
