using System.Buffers;
using System.Runtime.InteropServices;
using AgentMemory.Core;
using AgentMemory.Core.Graph;
using AgentMemory.Storage;

namespace AgentMemory.Grains;

/// <summary>
/// One user's knowledge graph in the shape of HippoRAG 2: phrase nodes (entities and the
/// arguments of triples) and passage nodes (memories), joined by context edges (a passage
/// mentions a phrase), relation edges (a triple joins its subject and object, weighted by how
/// often the pair occurs), synonym edges (phrases whose embeddings are close) and source edges
/// (a fact and the episode it was drawn from, so that what reaches a fact reaches its turn).
/// </summary>
/// <remarks>
/// Maintained incrementally as derivation commits and memories are forgotten, and rebuilt on
/// activation from the rows it mirrors (memory_entities, memory_triples, graph_phrases,
/// graph_synonyms, memories.source_ids): nothing here is the truth, so nothing here is saved
/// except through those tables. Not thread-safe; the owning grain serializes access.
/// </remarks>
public sealed class UserKnowledgeGraph
{
    private readonly WeightedGraph _graph = new();
    private readonly Dictionary<string, int> _phraseNodes = new(StringComparer.Ordinal);

    // The same dictionary looked up by a key written into a buffer (see TryFindPhrase).
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _phraseNodesByKey;
    private readonly Dictionary<Guid, int> _passageNodes = [];

    // Per node id (the graph reuses freed ids): what the node stands for.
    private readonly List<string?> _phraseKeyOfNode = [];
    private readonly List<string?> _phraseTextOfNode = [];
    private readonly List<Guid> _passageOfNode = [];

    // Per phrase node: how many passages it is connected to (the seed weight divides by it).
    private readonly List<int> _passageCountOfNode = [];

    // Phrases by each of their words, to find the phrases a query names.
    private readonly Dictionary<string, List<int>> _phrasesByWord = new(StringComparer.Ordinal);

    private readonly HashSet<int> _phrasesWithoutVector = [];
    private readonly SynonymFinder _synonyms;

    public UserKnowledgeGraph(int dimensions, SynonymOptions synonymOptions)
    {
        _synonyms = new SynonymFinder(dimensions, synonymOptions);
        _phraseNodesByKey = _phraseNodes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Phrase nodes.</summary>
    public int PhraseCount => _phraseNodes.Count;

    /// <summary>Passage nodes (memories with at least one edge).</summary>
    public int PassageCount => _passageNodes.Count;

    /// <summary>Undirected edges of every kind.</summary>
    public int EdgeCount => _graph.EdgeCount;

    /// <summary>Approximate bytes held by nodes, edges and phrase vectors.</summary>
    public long ApproximateBytes =>
        _graph.ApproximateBytes + _synonyms.ApproximateBytes + (_phraseNodes.Count * 120L) + (_passageNodes.Count * 40L) + (_phraseKeyOfNode.Count * 32L);

    /// <summary>The normalized key of a phrase: lower case, words separated by single spaces.</summary>
    public static string KeyOf(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        char[]? rented = null;
        var buffer = phrase.Length <= KeyBufferLength ? stackalloc char[KeyBufferLength] : (rented = ArrayPool<char>.Shared.Rent(phrase.Length));
        var key = new string(buffer[..WriteKey(phrase, buffer)]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return key;
    }

    // Phrases are names and short noun groups; longer ones take a pooled buffer.
    private const int KeyBufferLength = 128;

    /// <summary>
    /// Writes <see cref="KeyOf"/> of a phrase into a buffer at least as long as the phrase and
    /// returns its length: the phrase lower-cased (invariant), then its words (split at white
    /// space, as <see cref="string.Split(char[])"/> with no separators does) joined by single spaces.
    /// </summary>
    private static int WriteKey(ReadOnlySpan<char> phrase, Span<char> buffer)
    {
        var lower = buffer[..phrase.Length];
        phrase.ToLowerInvariant(lower);

        // Compacts in place: a space is written only after at least one white-space character
        // was read, so the write position never passes the read position.
        var length = 0;
        var i = 0;
        while (i < lower.Length)
        {
            while (i < lower.Length && char.IsWhiteSpace(lower[i]))
            {
                i++;
            }

            if (i == lower.Length)
            {
                break;
            }

            if (length > 0)
            {
                buffer[length++] = ' ';
            }

            while (i < lower.Length && !char.IsWhiteSpace(lower[i]))
            {
                buffer[length++] = lower[i++];
            }
        }

        return length;
    }

    /// <summary>
    /// The phrase's node, found by its key without allocating one: activation adds every stored
    /// mention, tens of thousands of times for a phrase set of a few hundred. A phrase longer than
    /// the stack buffer (rare) is looked up by its <see cref="KeyOf"/> string instead.
    /// </summary>
    private bool TryFindPhrase(string phrase, out int node)
    {
        if (phrase.Length > KeyBufferLength)
        {
            return _phraseNodes.TryGetValue(KeyOf(phrase), out node);
        }

        Span<char> buffer = stackalloc char[KeyBufferLength];
        return _phraseNodesByKey.TryGetValue(buffer[..WriteKey(phrase, buffer)], out node);
    }

    /// <summary>A passage mentions a phrase (an entity, or an argument of one of its triples).</summary>
    public void AddContext(Guid passage, string phrase)
    {
        var phraseNode = PhraseNode(phrase);
        if (phraseNode < 0)
        {
            return;
        }

        var passageNode = PassageNode(passage);
        if (_graph.EdgeWeight(passageNode, phraseNode) == 0)
        {
            _passageCountOfNode[phraseNode]++;
        }

        _graph.AddEdgeWeight(passageNode, phraseNode, 1f);
    }

    /// <summary>A triple joins its subject and object; repeated pairs weigh more.</summary>
    public void AddRelation(string subject, string @object)
    {
        var a = PhraseNode(subject);
        var b = PhraseNode(@object);
        if (a >= 0 && b >= 0 && a != b)
        {
            _graph.AddEdgeWeight(a, b, 1f);
        }
    }

    /// <summary>Undoes one <see cref="AddRelation"/> (its fact was forgotten).</summary>
    public void RemoveRelation(string subject, string @object)
    {
        if (TryFindPhrase(subject, out var a) && TryFindPhrase(@object, out var b) && a != b)
        {
            _graph.RemoveEdgeWeight(a, b, 1f);
        }
    }

    /// <summary>A derived memory was drawn from a source memory.</summary>
    public void AddSource(Guid derived, Guid source)
    {
        if (derived == source)
        {
            return;
        }

        var a = PassageNode(derived);
        var b = PassageNode(source);
        if (_graph.EdgeWeight(a, b) == 0)
        {
            _graph.AddEdgeWeight(a, b, 1f);
        }
    }

    /// <summary>
    /// Phrases that would be left with no passage if these passages went: forgetting them must
    /// forget the phrases too (and their stored embeddings and synonym edges).
    /// </summary>
    public List<string> PhrasesOrphanedBy(IReadOnlyCollection<Guid> passages)
    {
        var lost = new Dictionary<int, int>();
        foreach (var passage in passages)
        {
            if (!_passageNodes.TryGetValue(passage, out var node))
            {
                continue;
            }

            foreach (var edge in _graph.Neighbours(node))
            {
                if (_phraseKeyOfNode[edge.Target] is not null)
                {
                    lost[edge.Target] = lost.GetValueOrDefault(edge.Target) + 1;
                }
            }
        }

        return lost.Where(l => l.Value >= _passageCountOfNode[l.Key]).Select(l => _phraseKeyOfNode[l.Key]!).ToList();
    }

    /// <summary>Removes a passage and its edges; phrases left with no passage go too.</summary>
    public void RemovePassage(Guid passage)
    {
        if (!_passageNodes.Remove(passage, out var node))
        {
            return;
        }

        List<int>? orphans = null;
        foreach (var edge in _graph.Neighbours(node))
        {
            if (_phraseKeyOfNode[edge.Target] is not null && --_passageCountOfNode[edge.Target] == 0)
            {
                (orphans ??= []).Add(edge.Target);
            }
        }

        _graph.RemoveNode(node);
        _passageOfNode[node] = Guid.Empty;
        foreach (var orphan in orphans ?? [])
        {
            RemovePhraseNode(orphan);
        }
    }

    /// <summary>Phrases whose embedding is not known yet (new since the last call to <see cref="SetPhraseVector"/>), as first written.</summary>
    public List<string> PhrasesWithoutVector() => _phrasesWithoutVector.Select(n => _phraseTextOfNode[n]!).ToList();

    /// <summary>
    /// Records a phrase's embedding and joins it to its near-identical phrases (cosine at or
    /// above the configured threshold, at most the configured number) by synonym edges.
    /// </summary>
    /// <param name="newSynonyms">Receives the synonym edges found, for storage; null when loading.</param>
    public void SetPhraseVector(string phrase, ReadOnlySpan<float> embedding, List<SynonymRow>? newSynonyms)
    {
        if (!TryFindPhrase(phrase, out var node) || !_phrasesWithoutVector.Remove(node))
        {
            return;
        }

        if (newSynonyms is not null)
        {
            foreach (var (other, similarity) in _synonyms.FindSimilar(embedding, node))
            {
                _graph.AddEdgeWeight(node, other, similarity);
                var (a, b) = Ordered(_phraseKeyOfNode[node]!, _phraseKeyOfNode[other]!);
                newSynonyms.Add(new SynonymRow(a, b, similarity));
            }
        }

        _synonyms.Add(node, embedding);
    }

    /// <summary>Restores a stored synonym edge.</summary>
    public void AddSynonym(string phraseA, string phraseB, float similarity)
    {
        if (_phraseNodes.TryGetValue(phraseA, out var a) && _phraseNodes.TryGetValue(phraseB, out var b) && a != b && similarity > 0)
        {
            _graph.AddEdgeWeight(a, b, similarity);
        }
    }

    /// <summary>
    /// Ranks passages by Personalized PageRank from the given seeds. Phrase seeds are weighted by
    /// <paramref name="phraseSeeds"/> divided by the number of passages the phrase appears in (a
    /// name in every turn says little about any one of them); passage seeds keep their weight.
    /// </summary>
    /// <returns>
    /// Accepted passages, best first, at most <paramref name="top"/>; empty when no seed is in the
    /// graph. Their seed phrases are named on request (<see cref="GraphRanking.SeedPhrasesAt"/>).
    /// </returns>
    /// <param name="hubShare">
    /// A phrase joined to more than this share of all passages (and to at least
    /// <see cref="MinHubPassages"/>) is a hub: the walk stops there (see
    /// <see cref="PersonalizedPageRank.Run(WeightedGraph, ReadOnlySpan{SeedWeight}, PageRankOptions, ReadOnlySpan{bool})"/>); 1 means no hubs.
    /// </param>
    public GraphRanking Rank(
        IReadOnlyDictionary<string, double> phraseSeeds,
        IReadOnlyDictionary<Guid, double> passageSeeds,
        PageRankOptions options,
        Func<Guid, bool> accept,
        int top,
        double hubShare = 1d)
    {
        // Hub flags are per call: ranks of one user may run in parallel.
        var stopBuffer = ArrayPool<bool>.Shared.Rent(Math.Max(1, _phraseKeyOfNode.Count));
        try
        {
            var stop = HubFlags(hubShare, stopBuffer);
            var seeds = new List<SeedWeight>(phraseSeeds.Count + passageSeeds.Count);
            var phraseSeedNodes = new Dictionary<int, double>();
            foreach (var (key, weight) in phraseSeeds)
            {
                if (_phraseNodes.TryGetValue(key, out var node) && _passageCountOfNode[node] > 0 && weight > 0 && !stop[node])
                {
                    var w = weight / _passageCountOfNode[node];
                    seeds.Add(new SeedWeight(node, w));
                    phraseSeedNodes[node] = w;
                }
            }

            if (seeds.Count == 0)
            {
                return GraphRanking.Empty;
            }

            foreach (var (passage, weight) in passageSeeds)
            {
                if (_passageNodes.TryGetValue(passage, out var node) && weight > 0)
                {
                    seeds.Add(new SeedWeight(node, weight));
                }
            }

            return RankFromSeeds(CollectionsMarshal.AsSpan(seeds), phraseSeedNodes, options, stop, accept, top);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(stopBuffer);
        }
    }

    private GraphRanking RankFromSeeds(ReadOnlySpan<SeedWeight> seeds, Dictionary<int, double> phraseSeedNodes, PageRankOptions options, ReadOnlySpan<bool> stop, Func<Guid, bool> accept, int top)
    {
        using var result = PersonalizedPageRank.Run(_graph, seeds, options, stop);
        // A min-heap of the best passages so far: the walk touches thousands of nodes, k are kept.
        var best = new PriorityQueue<int, (double Score, int Node)>(top + 1, BestLast.Instance);
        var scores = result.Scores;
        foreach (var node in result.TouchedNodes)
        {
            // Cheap tests first: most touched nodes score below the weakest one kept.
            var score = scores[node];
            if (best.Count == top && best.TryPeek(out _, out var weakest) && (score < weakest.Score || (score == weakest.Score && node > weakest.Node)))
            {
                continue;
            }

            if (_phraseKeyOfNode[node] is null && _passageOfNode[node] != Guid.Empty && accept(_passageOfNode[node]))
            {
                best.Enqueue(node, (score, node));
                if (best.Count > top)
                {
                    best.Dequeue();
                }
            }
        }

        var count = best.Count;
        var (passages, rankedScores, nodes) = (new Guid[count], new float[count], new int[count]);
        for (var i = count - 1; i >= 0; i--)
        {
            var node = best.Dequeue();
            (passages[i], rankedScores[i], nodes[i]) = (_passageOfNode[node], (float)result.ScoreOf(node), node);
        }

        return new GraphRanking(this, passages, rankedScores, nodes, phraseSeedNodes);
    }

    /// <summary>Fewest passages a hub phrase has: a small user's names are still informative.</summary>
    public const int MinHubPassages = 50;

    /// <summary>Flags the hub phrases, by node id, in a buffer of the caller's (ranks may run in parallel).</summary>
    private ReadOnlySpan<bool> HubFlags(double hubShare, bool[] buffer)
    {
        var flags = buffer.AsSpan(0, _phraseKeyOfNode.Count);
        flags.Clear();
        var limit = Math.Max(MinHubPassages, hubShare * _passageNodes.Count);
        foreach (var node in _phraseNodes.Values)
        {
            flags[node] = _passageCountOfNode[node] > limit;
        }

        return flags;
    }

    /// <summary>The seed phrases adjacent to a passage, directly or through a passage joined to it, strongest first (at most three).</summary>
    /// <remarks>
    /// It keeps the three strongest phrases as it finds them instead of collecting all in a
    /// dictionary and sorting. Ties keep the order in which the phrases were first found.
    /// </remarks>
    internal List<string> SeedPhrasesNear(int passageNode, Dictionary<int, double> seeds)
    {
        Span<(int Node, double Weight)> strongest = stackalloc (int, double)[3];
        var count = 0;
        foreach (var edge in _graph.Neighbours(passageNode))
        {
            if (seeds.TryGetValue(edge.Target, out var weight))
            {
                Keep(edge.Target, weight, strongest, ref count);
            }
            else if (_phraseKeyOfNode[edge.Target] is null)
            {
                foreach (var second in _graph.Neighbours(edge.Target))
                {
                    if (seeds.TryGetValue(second.Target, out var w))
                    {
                        Keep(second.Target, w, strongest, ref count);
                    }
                }
            }
        }

        var phrases = new List<string>(count);
        foreach (var (node, _) in strongest[..count])
        {
            phrases.Add(_phraseTextOfNode[node]!);
        }

        return phrases;
    }

    /// <summary>Keeps a seed phrase among the strongest found so far, best first, ties in the order found.</summary>
    /// <remarks>
    /// A phrase can be reached twice (directly and through a fact). Only the kept ones need checking:
    /// a seed's weight is the same from anywhere, and one that was not kept, or was pushed out, is no
    /// stronger than the weakest kept, so it would not be kept this time either.
    /// </remarks>
    private static void Keep(int node, double weight, Span<(int Node, double Weight)> strongest, ref int count)
    {
        foreach (var kept in strongest[..count])
        {
            if (kept.Node == node)
            {
                return;
            }
        }

        if (count == strongest.Length && !(weight > strongest[count - 1].Weight))
        {
            return;
        }

        var at = Math.Min(count, strongest.Length - 1);
        while (at > 0 && weight > strongest[at - 1].Weight)
        {
            strongest[at] = strongest[at - 1];
            at--;
        }

        strongest[at] = (node, weight);
        count = Math.Min(count + 1, strongest.Length);
    }

    /// <summary>Phrases every word of which is a word of the query (by <see cref="KeyOf"/> words).</summary>
    public List<string> PhrasesNamedIn(string query)
    {
        var words = KeyOf(StripPunctuation(query)).Split(' ');
        var wordSet = words.ToHashSet(StringComparer.Ordinal);
        var named = new List<string>();
        var seen = new HashSet<int>();
        foreach (var word in words)
        {
            if (!_phrasesByWord.TryGetValue(word, out var nodes))
            {
                continue;
            }

            foreach (var node in nodes)
            {
                if (seen.Add(node) && _phraseKeyOfNode[node]!.Split(' ').All(wordSet.Contains))
                {
                    named.Add(_phraseKeyOfNode[node]!);
                }
            }
        }

        return named;
    }

    /// <summary>The phrase keys a passage is joined to.</summary>
    public IEnumerable<string> PhrasesOf(Guid passage)
    {
        if (!_passageNodes.TryGetValue(passage, out var node))
        {
            yield break;
        }

        foreach (var edge in _graph.Neighbours(node).ToArray())
        {
            if (_phraseKeyOfNode[edge.Target] is { } key)
            {
                yield return key;
            }
        }
    }

    /// <summary>How many passages a phrase is joined to (0 when unknown).</summary>
    public int PassagesOf(string phraseKey) => _phraseNodes.TryGetValue(phraseKey, out var node) ? _passageCountOfNode[node] : 0;

    public void Clear()
    {
        _graph.Clear();
        _phraseNodes.Clear();
        _passageNodes.Clear();
        _phraseKeyOfNode.Clear();
        _phraseTextOfNode.Clear();
        _passageOfNode.Clear();
        _passageCountOfNode.Clear();
        _phrasesByWord.Clear();
        _phrasesWithoutVector.Clear();
        _synonyms.Clear();
    }

    private int PhraseNode(string phrase)
    {
        if (TryFindPhrase(phrase, out var node))
        {
            return node;
        }

        var key = KeyOf(phrase);
        if (key.Length == 0)
        {
            return -1;
        }

        node = NewNode();
        _phraseNodes[key] = node;
        _phraseKeyOfNode[node] = key;
        _phraseTextOfNode[node] = phrase.Trim();
        _passageCountOfNode[node] = 0;
        foreach (var word in key.Split(' ').Distinct())
        {
            (_phrasesByWord.TryGetValue(word, out var list) ? list : _phrasesByWord[word] = []).Add(node);
        }

        _phrasesWithoutVector.Add(node);
        return node;
    }

    private int PassageNode(Guid passage)
    {
        if (_passageNodes.TryGetValue(passage, out var node))
        {
            return node;
        }

        node = NewNode();
        _passageNodes[passage] = node;
        _passageOfNode[node] = passage;
        return node;
    }

    private void RemovePhraseNode(int node)
    {
        var key = _phraseKeyOfNode[node]!;
        _phraseNodes.Remove(key);
        foreach (var word in key.Split(' ').Distinct())
        {
            if (_phrasesByWord.TryGetValue(word, out var list))
            {
                list.Remove(node);
                if (list.Count == 0)
                {
                    _phrasesByWord.Remove(word);
                }
            }
        }

        _phrasesWithoutVector.Remove(node);
        _synonyms.Remove(node);
        _graph.RemoveNode(node);
        _phraseKeyOfNode[node] = null;
        _phraseTextOfNode[node] = null;
    }

    private int NewNode()
    {
        var node = _graph.AddNode();
        while (_phraseKeyOfNode.Count <= node)
        {
            _phraseKeyOfNode.Add(null);
            _phraseTextOfNode.Add(null);
            _passageOfNode.Add(Guid.Empty);
            _passageCountOfNode.Add(0);
        }

        _phraseKeyOfNode[node] = null;
        _phraseTextOfNode[node] = null;
        _passageOfNode[node] = Guid.Empty;
        _passageCountOfNode[node] = 0;
        return node;
    }

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    private static string StripPunctuation(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] != '-')
            {
                chars[i] = ' ';
            }
        }

        return new string(chars);
    }

    /// <summary>Orders the heap so the weakest passage (lowest score, then highest node id) leaves first.</summary>
    private sealed class BestLast : IComparer<(double Score, int Node)>
    {
        public static readonly BestLast Instance = new();

        public int Compare((double Score, int Node) x, (double Score, int Node) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Node.CompareTo(x.Node);
        }
    }
}
