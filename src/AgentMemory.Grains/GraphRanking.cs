namespace AgentMemory.Grains;

/// <summary>
/// Passages ranked by Personalized PageRank, best first, with what it takes to explain them: the
/// seed phrases next to a passage are named on request.
/// </summary>
/// <remarks>
/// Naming a passage's seed phrases walks its neighbours and theirs. A recall ranks a hundred
/// passages but shows only the few it returns, so it names those alone instead of all hundred.
/// A ranking describes the graph as it was: read it before the graph changes (the owning grain
/// keeps writes out while a recall runs).
/// </remarks>
public sealed class GraphRanking
{
    private readonly UserKnowledgeGraph? _graph;
    private readonly Guid[] _passages;
    private readonly float[] _scores;
    private readonly int[] _nodes;
    private readonly Dictionary<int, double> _phraseSeeds;

    internal GraphRanking(UserKnowledgeGraph? graph, Guid[] passages, float[] scores, int[] nodes, Dictionary<int, double> phraseSeeds)
    {
        _graph = graph;
        _passages = passages;
        _scores = scores;
        _nodes = nodes;
        _phraseSeeds = phraseSeeds;
    }

    /// <summary>A ranking of nothing: no seed was in the graph.</summary>
    public static GraphRanking Empty { get; } = new(null, [], [], [], []);

    /// <summary>How many passages were ranked.</summary>
    public int Count => _passages.Length;

    /// <summary>The passage at a place in the ranking (0 is the best).</summary>
    public Guid PassageAt(int index) => _passages[index];

    /// <summary>The passage's PageRank score.</summary>
    public float ScoreAt(int index) => _scores[index];

    /// <summary>The seed phrases adjacent to the passage, directly or through a passage joined to it, strongest first (at most three).</summary>
    public List<string> SeedPhrasesAt(int index) => _graph!.SeedPhrasesNear(_nodes[index], _phraseSeeds);

    /// <summary>Every passage with its score and its seed phrases, best first.</summary>
    public List<GraphHit> Hits()
    {
        var hits = new List<GraphHit>(Count);
        for (var i = 0; i < Count; i++)
        {
            hits.Add(new GraphHit(_passages[i], _scores[i], SeedPhrasesAt(i)));
        }

        return hits;
    }
}
