using AgentMemory.Core.Graph;

namespace AgentMemory.Grains;

/// <summary>
/// The knowledge graph: how synonym edges are found when a phrase is new, and how Personalized
/// PageRank walks it at recall. Bound from <c>AgentMemory:Graph</c>; the recall weights of the
/// graph list are in <c>AgentMemory:Recall:Scoring</c> (GraphWeight, GraphFactSeeds,
/// GraphPassageSeedWeight). docs/scoring.md explains them.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "AgentMemory:Graph";

    /// <summary>Cosine threshold, per-phrase cap and the locality-sensitive hashing layout.</summary>
    public SynonymOptions Synonyms { get; set; } = new();

    /// <summary>Damping (default 0.5, as HippoRAG 2), convergence tolerance and the iteration cap.</summary>
    public PageRankOptions PageRank { get; set; } = new();

    /// <summary>
    /// A phrase joined to more than this share of a user's passages (and to at least 50) is a hub,
    /// such as a speaker's name: PageRank stops there instead of spreading through it to everything.
    /// 1 turns hubs off.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0.001d, 1d)]
    public double HubPassageShare { get; set; } = 0.01;
}
