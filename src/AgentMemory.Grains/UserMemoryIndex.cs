using AgentMemory.Abstractions;
using AgentMemory.Core;
using AgentMemory.Core.Concepts;

namespace AgentMemory.Grains;

/// <summary>
/// One user's hot index: every memory record, its embedding in a flat dense index, and its
/// analyzed text in a BM25 index, all addressed by a dense slot number so that scoring works
/// on arrays rather than dictionaries.
/// </summary>
/// <remarks>
/// Searches may run in parallel with each other (they keep their working state per call or per
/// thread), never with a write: the owning grain runs a user's recalls off its turn, in parallel,
/// and lets no write start while one runs (docs/decisions.md #20).
/// </remarks>
public sealed class UserMemoryIndex
{
    private readonly List<MemoryRecord?> _records = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<Guid, int> _slotById = [];
    private readonly DenseVectorIndex _dense;
    private readonly Bm25Index _lexical = new();
    private readonly List<string> _terms = [];

    // Each slot's kind and whether it holds now, beside the records: recall's filters test them for
    // thousands of candidates, and reading the record objects instead cost a cache miss each.
    private MemoryKind[] _kindOfSlot = [];
    private bool[] _currentOfSlot = [];

    // Each episode's speaker as a case-insensitive hash (0: not an episode, or no speaker), so the
    // re-rank's "said by a person the query names" test reads the record only on a match.
    private int[] _speakerHashOfSlot = [];

    // Each slot's event time (UTC ticks): fusion scores recency for every candidate, and reading the
    // record's time instead was a cache miss each (half of fusion's time at 10k memories).
    private long[] _eventTicksOfSlot = [];

    // Memories that no longer hold; while there are none, "current only" needs no per-slot check.
    private int _retired;

    // Conversation structure of episodes: each session's turns in event-time order, and who speaks.
    // Recall reads it per candidate, so the links are kept per slot (-1: none) and only adding
    // or removing a turn searches the session's ordered list.
    private readonly Dictionary<string, int> _sessionNumbers = new(StringComparer.Ordinal);
    private readonly List<List<int>> _sessionTurns = [];
    private readonly List<int> _sessionOfSlot = [];
    private readonly List<int> _previousOfSlot = [];
    private readonly List<int> _nextOfSlot = [];

    // Who speaks, while they have turns: how many, and the name as analyzed terms (every hybrid
    // recall checks the query against them, and analysing every name per query was measurable).
    private readonly Dictionary<string, Speaker> _speakers = new(StringComparer.OrdinalIgnoreCase);

    // Searches running now: a write that finds any throws rather than corrupt them (see remarks).
    private int _searching;
    private readonly ConceptLexicon? _concepts;

    /// <param name="dimensions">Dimensions of the embeddings.</param>
    /// <param name="concepts">The category lexicon for hybrid recall's category expansion; without one there is none.</param>
    public UserMemoryIndex(int dimensions, ConceptLexicon? concepts = null)
    {
        _dense = new DenseVectorIndex(dimensions);
        _concepts = concepts;
    }

    /// <summary>Memories held.</summary>
    public int Count => _slotById.Count;

    /// <summary>Embedding dimensions.</summary>
    public int Dimensions => _dense.Dimensions;

    /// <summary>The latest event time held: the reference point for recency, so a user's memories do not all fade while the user is away.</summary>
    public DateTimeOffset LatestEventTime { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Approximate bytes held by the vectors, postings and records.</summary>
    public long ApproximateBytes
    {
        get
        {
            long bytes = _dense.ApproximateBytes;
            foreach (var record in _records)
            {
                if (record is not null)
                {
                    // Object headers and fields, plus UTF-16 strings; postings are about one entry per distinct term.
                    bytes += 160 + (2L * (record.Text.Length + record.MetadataJson.Length + record.IdempotencyKey.Length + (record.Speaker?.Length ?? 0) + (record.SessionId?.Length ?? 0)));
                    bytes += 8L * (record.Text.Length / 6);
                }
            }

            return bytes + (_slotById.Count * 24L);
        }
    }

    public bool Contains(Guid id) => _slotById.ContainsKey(id);

    /// <summary>Every memory held, in slot order.</summary>
    public IEnumerable<MemoryRecord> Records => _records.Where(r => r is not null)!;

    /// <summary>The slot (the document id of the search structures and of <see cref="IConversationContext"/>) holding a memory, or -1.</summary>
    public int SlotOf(Guid id) => _slotById.TryGetValue(id, out var slot) ? slot : -1;

    public MemoryRecord? Find(Guid id) => _slotById.TryGetValue(id, out var slot) ? _records[slot] : null;

    /// <summary>Adds a memory; replaces nothing (an id already held is an error).</summary>
    public void Add(MemoryRecord record, ReadOnlySpan<float> embedding)
    {
        EnsureNoSearchRuns();
        if (_slotById.ContainsKey(record.Id))
        {
            throw new ArgumentException($"Memory {record.Id} is already indexed.", nameof(record));
        }

        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AppendSlot();
        _records[slot] = record;
        _kindOfSlot[slot] = record.Kind;
        _currentOfSlot[slot] = record.IsCurrent;
        _speakerHashOfSlot[slot] = SpeakerHashOf(record);
        _eventTicksOfSlot[slot] = record.EventTime.UtcTicks;
        _slotById[record.Id] = slot;
        _retired += record.IsCurrent ? 0 : 1;
        _dense.Set(slot, embedding);
        TextAnalyzer.Analyze(record.Text, Reset(_terms));
        _lexical.Add(slot, _terms, LexicalPartitionOf(record.Kind));
        AddToConversation(slot, record);
        if (record.EventTime > LatestEventTime)
        {
            LatestEventTime = record.EventTime;
        }
    }

    /// <summary>Replaces a memory's record when its text is unchanged (validity, sources, metadata).</summary>
    public void UpdateRecord(MemoryRecord record)
    {
        EnsureNoSearchRuns();
        var slot = _slotById[record.Id];
        if (!string.Equals(_records[slot]!.Text, record.Text, StringComparison.Ordinal))
        {
            throw new ArgumentException("A changed text needs a new embedding: remove and add the memory instead.", nameof(record));
        }

        _retired += (record.IsCurrent ? 0 : 1) - (_records[slot]!.IsCurrent ? 0 : 1);
        _records[slot] = record;
        _currentOfSlot[slot] = record.IsCurrent;
        _speakerHashOfSlot[slot] = SpeakerHashOf(record);
        _eventTicksOfSlot[slot] = record.EventTime.UtcTicks;
    }

    /// <summary>The current facts most similar to a vector (cosine), most similar first.</summary>
    public List<(MemoryRecord Fact, float Similarity)> SimilarCurrentFacts(ReadOnlySpan<float> vector, int top)
    {
        var hits = _dense.Search(vector, top, IsCurrentFact);
        var facts = new List<(MemoryRecord, float)>(hits.Count);
        foreach (var hit in hits)
        {
            facts.Add((_records[hit.DocumentId]!, hit.Score));
        }

        return facts;
    }

    /// <summary>Lexical matches of a query among memories passing a predicate.</summary>
    public List<MemoryRecord> LexicalMatches(string query, int top, Func<MemoryRecord, bool> accept)
    {
        var hits = _lexical.Search(TextAnalyzer.Analyze(query), top, slot => _records[slot] is { } r && accept(r));
        return hits.Select(h => _records[h.DocumentId]!).ToList();
    }

    /// <summary>Removes a memory; false when it was not held.</summary>
    public bool Remove(Guid id)
    {
        EnsureNoSearchRuns();
        if (!_slotById.Remove(id, out var slot))
        {
            return false;
        }

        var record = _records[slot]!;
        RemoveFromConversation(slot, record);
        _retired -= record.IsCurrent ? 0 : 1;
        TextAnalyzer.Analyze(record.Text, Reset(_terms));
        _lexical.Remove(slot, _terms);
        _dense.Remove(slot);
        _records[slot] = null;
        _currentOfSlot[slot] = false;
        _speakerHashOfSlot[slot] = 0;
        _freeSlots.Push(slot);
        return true;
    }

    /// <summary>Every held memory matching the filter (any order).</summary>
    public List<MemoryRecord> Matching(MemoryFilter filter)
    {
        var matching = new List<MemoryRecord>();
        foreach (var record in _records)
        {
            if (record is not null && filter.Matches(record.Kind, record.SessionId, record.EventTime))
            {
                matching.Add(record);
            }
        }

        return matching;
    }

    /// <summary>
    /// Ranks memories for a query. Hybrid recall fuses the dense and lexical candidates (each up
    /// to the configured pool) with a recency prior and adds conversational context (see
    /// docs/scoring.md); single-mode recalls rank by their one list alone.
    /// </summary>
    public List<RecalledMemory> Search(ReadOnlySpan<float> queryEmbedding, string query, int k, MemoryFilter filter, RecallMode mode, HybridScoringOptions scoring)
        => Search(queryEmbedding, query, k, filter, mode, scoring, asOf: null, includeInvalidated: false);

    /// <summary>
    /// Ranks memories for a query, as of an event time: with <paramref name="asOf"/> only what
    /// held then; without it only what holds now, unless <paramref name="includeInvalidated"/>.
    /// </summary>
    /// <param name="graph">The user's knowledge graph, for graph mode and the graph list of hybrid recall; without it graph mode ranks by dense similarity.</param>
    public List<RecalledMemory> Search(ReadOnlySpan<float> queryEmbedding, string query, int k, MemoryFilter filter, RecallMode mode, HybridScoringOptions scoring, DateTimeOffset? asOf, bool includeInvalidated, GraphSearch? graph = null)
    {
        Interlocked.Increment(ref _searching);
        try
        {
            return Rank(queryEmbedding, query, k, filter, mode, scoring, asOf, includeInvalidated, graph);
        }
        finally
        {
            Interlocked.Decrement(ref _searching);
        }
    }

    private List<RecalledMemory> Rank(ReadOnlySpan<float> queryEmbedding, string query, int k, MemoryFilter filter, RecallMode mode, HybridScoringOptions scoring, DateTimeOffset? asOf, bool includeInvalidated, GraphSearch? graph)
    {
        var results = new List<RecalledMemory>(k);
        if (Count == 0)
        {
            return results;
        }

        Func<int, bool>? accept = (filter.IsEmpty, asOf, includeInvalidated) switch
        {
            (true, null, true) => null,
            (true, null, false) => _retired == 0 ? null : slot => _currentOfSlot[slot],
            (_, { } time, _) => slot => _records[slot] is { } r && r.HeldAt(time) && filter.Matches(r.Kind, r.SessionId, r.EventTime),
            (_, null, var all) => slot => _records[slot] is { } r && (all || r.IsCurrent) && filter.Matches(r.Kind, r.SessionId, r.EventTime),
        };
        var pool = Math.Max(scoring.CandidatePoolSize, k);
        var queryTerms = TextAnalyzer.Analyze(query);

        // With the graph, the current facts that best match the query seed it; they come from the
        // same dense scan and BM25 pass as the candidates.
        var withGraph = graph is not null && (mode == RecallMode.Graph || (mode == RecallMode.Hybrid && scoring.GraphWeight > 0));
        var factPool = withGraph ? 4 * scoring.GraphFactSeeds : 0;
        IReadOnlyList<ScoredDocument> dense = [], lexical = [], factDense = [], factLexical = [];
        if (mode != RecallMode.Lexical)
        {
            (dense, factDense) = withGraph ? _dense.Search(queryEmbedding, pool, accept, factPool, IsCurrentFact) : (_dense.Search(queryEmbedding, pool, accept), []);
        }

        var lexicalPool = mode is RecallMode.Dense or RecallMode.Graph ? 0 : pool;
        if (withGraph)
        {
            (lexical, factLexical) = _lexical.Search(queryTerms, lexicalPool, accept, factPool, LexicalPartitionOf(MemoryKind.Semantic), IsCurrentFact);
        }
        else if (lexicalPool > 0)
        {
            lexical = _lexical.Search(queryTerms, lexicalPool, accept);
        }

        if (mode == RecallMode.Hybrid && scoring.ExpansionWeight > 0 && lexical.Count > 0)
        {
            lexical = ExpandQuery(queryTerms, lexical, pool, accept, scoring);
        }

        // The speakers the query names: their turns get the speaker bonus, and their names are
        // never read as categories ("John" is also a WordNet noun).
        var namedSpeakers = mode == RecallMode.Hybrid ? SpeakersNamedIn(query) : null;
        var concepts = mode == RecallMode.Hybrid && scoring.CategoryWeight > 0 && _concepts is not null
            ? _concepts.Read(query, scoring.CategoryMaxMembers, namedSpeakers is null ? null : TermsOf(namedSpeakers))
            : null;
        if (concepts is { Matches.Count: > 0 })
        {
            lexical = ExpandCategories(concepts.Matches, queryTerms, lexical, pool, accept, scoring);
        }

        var reference = LatestEventTime.UtcTicks;
        var halfLife = scoring.RecencyHalfLife;
        Func<int, float> recencyOf = slot => HybridRanker.Recency(_eventTicksOfSlot[slot], reference, halfLife);

        // The graph list, best first, by slot, and its ranking, which names the seed phrases of the results.
        var (graphList, graphRanking) = withGraph
            ? GraphCandidates(mode, query, dense, factDense, factLexical, pool, accept, scoring, graph!)
            : ([], GraphRanking.Empty);

        if (mode == RecallMode.Graph && graphList.Count > 0)
        {
            for (var i = 0; i < Math.Min(k, graphList.Count); i++)
            {
                var (slot, score) = (graphList[i].DocumentId, graphList[i].Score);
                var denseHit = DenseScoreOf(dense, slot);
                results.Add(new RecalledMemory(_records[slot]!, new ScoreBreakdown(denseHit.Score, 0, recencyOf(slot), score, denseHit.Rank, 0)
                {
                    Graph = score,
                    GraphRank = i + 1,
                    SeedPhrases = graphRanking.SeedPhrasesAt(i),
                }));
            }

            return results;
        }

        // Graph mode with nothing of the query in the graph falls through to the dense list alone.
        if (mode != RecallMode.Hybrid)
        {
            foreach (var c in HybridRanker.Fuse(dense, lexical, recencyOf, SingleListScoring(scoring), k))
            {
                results.Add(new RecalledMemory(_records[c.DocumentId]!, new ScoreBreakdown(c.Dense, c.Lexical, c.Recency, c.Fused, c.DenseRank, c.LexicalRank)));
            }

            return results;
        }

        var fused = HybridRanker.Fuse(dense, lexical, graphList, recencyOf, scoring, 2 * pool);
        var context = concepts is { AsksForKinds: true } ? GatheringContext(scoring) : scoring;
        var ranked = ContextualReranker.Rerank(fused, ConversationOf(namedSpeakers), context, k, accept);
        foreach (var c in ranked)
        {
            var f = c.Fused;
            var score = new ScoreBreakdown(f?.Dense ?? 0, f?.Lexical ?? 0, f?.Recency ?? recencyOf(c.DocumentId), c.Score, f?.DenseRank ?? 0, f?.LexicalRank ?? 0)
            {
                Context = (float)c.Context,
                Graph = f?.Graph ?? 0,
                GraphRank = f?.GraphRank ?? 0,
                // The fused graph rank is the hit's place in the graph list fusion was given.
                SeedPhrases = f is { GraphRank: > 0 } ? graphRanking.SeedPhrasesAt(f.Value.GraphRank - 1) : [],
            };
            results.Add(new RecalledMemory(_records[c.DocumentId]!, score));
        }

        return results;
    }

    /// <summary>
    /// The graph list (HippoRAG 2): the query is linked to its best-matching current facts (dense
    /// and lexical, fused) and to the phrases it names; each fact's phrases are seeded with the
    /// fact's score, a named phrase as strongly as the best fact, and every dense candidate
    /// passage with the mode's passage seed weight times its relative dense score. Personalized
    /// PageRank then ranks the passages, best first; none when no phrase is seeded.
    /// </summary>
    private (List<ScoredDocument> List, GraphRanking Ranking) GraphCandidates(
        RecallMode mode, string query, IReadOnlyList<ScoredDocument> dense, IReadOnlyList<ScoredDocument> factDense, IReadOnlyList<ScoredDocument> factLexical,
        int pool, Func<int, bool>? accept, HybridScoringOptions scoring, GraphSearch graph)
    {
        var phraseSeeds = new Dictionary<string, double>(StringComparer.Ordinal);
        var facts = HybridRanker.Fuse(factDense, factLexical, static _ => 0f, SeedScoring(scoring), 4 * scoring.GraphFactSeeds);

        // Scores are min-max normalized over the candidates (as HippoRAG 2 does), so a fact only
        // as good as the weakest candidate seeds nothing and the best one seeds with weight 1.
        var (bestFact, worstFact) = facts.Count > 0 ? (facts[0].Fused, facts[^1].Fused) : (0d, 0d);
        foreach (var fact in facts.Take(scoring.GraphFactSeeds))
        {
            if (fact.Fused <= 0 || (fact.LexicalRank == 0 && fact.Dense < scoring.GraphFactMinSimilarity))
            {
                continue;
            }

            var weight = bestFact > worstFact ? (fact.Fused - worstFact) / (bestFact - worstFact) : 1d;
            foreach (var phrase in graph.Graph.PhrasesOf(_records[fact.DocumentId]!.Id))
            {
                phraseSeeds[phrase] = phraseSeeds.GetValueOrDefault(phrase) + weight;
            }
        }

        foreach (var phrase in graph.Graph.PhrasesNamedIn(query))
        {
            phraseSeeds[phrase] = phraseSeeds.GetValueOrDefault(phrase) + 1d;
        }

        if (phraseSeeds.Count == 0)
        {
            return ([], GraphRanking.Empty);
        }

        var passageSeeds = new Dictionary<Guid, double>();
        var densePool = Math.Min(dense.Count, pool);
        var passageSeedWeight = mode == RecallMode.Graph ? scoring.GraphPassageSeedWeight : scoring.HybridGraphPassageSeedWeight;
        if (densePool > 1 && passageSeedWeight > 0 && dense[0].Score > dense[densePool - 1].Score)
        {
            var (best, worst) = (dense[0].Score, dense[densePool - 1].Score);
            for (var i = 0; i < densePool; i++)
            {
                var hit = dense[i];
                passageSeeds[_records[hit.DocumentId]!.Id] = passageSeedWeight * (hit.Score - worst) / (best - worst);
            }
        }

        var ranking = graph.Graph.Rank(phraseSeeds, passageSeeds, graph.PageRank, id => _slotById.TryGetValue(id, out var slot) && (accept is null || accept(slot)), pool, graph.HubPassageShare);
        var list = new List<ScoredDocument>(ranking.Count);
        for (var i = 0; i < ranking.Count; i++)
        {
            list.Add(new ScoredDocument(_slotById[ranking.PassageAt(i)], ranking.ScoreAt(i)));
        }

        return (list, ranking);
    }

    private static (float Score, int Rank) DenseScoreOf(IReadOnlyList<ScoredDocument> dense, int slot)
    {
        for (var i = 0; i < dense.Count; i++)
        {
            if (dense[i].DocumentId == slot)
            {
                return (dense[i].Score, i + 1);
            }
        }

        return (0f, 0);
    }

    // Facts that seed the graph are picked by dense and lexical evidence alone, on one scale.
    private static HybridScoringOptions SeedScoring(HybridScoringOptions scoring) => new()
    {
        Fusion = FusionMethod.WeightedScore,
        DenseWeight = scoring.DenseWeight,
        LexicalWeight = scoring.LexicalWeight,
        RecencyWeight = 0,
        RecencyHalfLife = scoring.RecencyHalfLife,
        CandidatePoolSize = scoring.CandidatePoolSize,
    };

    /// <summary>
    /// Pseudo-relevance feedback (RM3-like): the most distinctive terms of the best matches
    /// form a second query whose BM25 scores are blended in. Scores come back on the first
    /// query's scale, so fusion sees one lexical list.
    /// </summary>
    private List<ScoredDocument> ExpandQuery(List<string> queryTerms, IReadOnlyList<ScoredDocument> lexical, int pool, Func<int, bool>? accept, HybridScoringOptions scoring)
    {
        var feedback = Math.Min(scoring.ExpansionDocuments, lexical.Count);
        var texts = new string[feedback];
        var weights = new float[feedback];
        for (var i = 0; i < feedback; i++)
        {
            texts[i] = _records[lexical[i].DocumentId]!.Text;
            weights[i] = lexical[i].Score / lexical[0].Score;
        }

        var expansion = _lexical.ExpansionTerms(texts, weights, queryTerms, scoring.ExpansionTerms);
        if (expansion.Count == 0)
        {
            return [.. lexical];
        }

        return HybridRanker.Blend(lexical, _lexical.Search(expansion, pool, accept), scoring.ExpansionWeight, pool);
    }

    /// <summary>
    /// Category expansion: query words naming a category of the concept lexicon ("instruments")
    /// become a second BM25 query of the members this user's memory contains ("clarinet",
    /// "violin"), blended in at <see cref="HybridScoringOptions.CategoryWeight"/>. When no word of
    /// the query matches at all, the expansion is the whole lexical list, and fusion weighs it as such.
    /// </summary>
    private IReadOnlyList<ScoredDocument> ExpandCategories(IReadOnlyList<ConceptMatch> matches, List<string> queryTerms, IReadOnlyList<ScoredDocument> lexical, int pool, Func<int, bool>? accept, HybridScoringOptions scoring)
    {
        // A set: BM25 counts a repeated query term again. Speakers' names are never members either
        // ("sam" is a missile, "john" a book of the Bible), or every turn they speak would match.
        var members = new HashSet<string>(StringComparer.Ordinal);
        var speakerTerms = TermsOf(_speakers.Keys);
        foreach (var match in matches)
        {
            foreach (var member in match.Members)
            {
                if (_lexical.ContainsTerm(member) && !queryTerms.Contains(member) && !speakerTerms.Contains(member))
                {
                    members.Add(member);
                }
            }
        }

        return members.Count == 0 ? lexical : HybridRanker.Blend(lexical, _lexical.Search([.. members], pool, accept), scoring.CategoryWeight, pool);
    }

    /// <summary>
    /// The context weights for a question that gathers several things of a kind: the person it
    /// names counts more and the best session less (docs/scoring.md).
    /// </summary>
    private static HybridScoringOptions GatheringContext(HybridScoringOptions scoring) => new()
    {
        NeighbourWeight = scoring.NeighbourWeight,
        SessionWeight = scoring.GatheringSessionWeight,
        SpeakerWeight = scoring.GatheringSpeakerWeight,
    };

    /// <summary>The analyzed terms of these (known) speakers' names.</summary>
    private HashSet<string> TermsOf(IEnumerable<string> speakers)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var speaker in speakers)
        {
            terms.UnionWith(_speakers[speaker].Terms);
        }

        return terms;
    }

    /// <summary>How the held turns sit in their conversations, as seen by a query naming these speakers (none: null).</summary>
    public IConversationContext ConversationOf(IReadOnlySet<string>? queriedSpeakers) =>
        new QueryConversation(this, queriedSpeakers is { Count: > 0 } ? [.. queriedSpeakers] : null);

    /// <summary>A write beside a running search would corrupt it silently; failing the write keeps the bug loud and the index whole.</summary>
    private void EnsureNoSearchRuns()
    {
        if (Volatile.Read(ref _searching) != 0)
        {
            throw new InvalidOperationException("The memory index was changed while a search was running: writes must wait until no search runs (docs/decisions.md #20).");
        }
    }

    /// <summary>The episode's speaker hashed as <see cref="QueryConversation"/> compares it; never 0 for a speaker.</summary>
    private static int SpeakerHashOf(MemoryRecord record) =>
        record is { Kind: MemoryKind.Episodic, Speaker: { Length: > 0 } speaker } ? SpeakerHash(speaker) : 0;

    private static int SpeakerHash(string speaker) => StringComparer.OrdinalIgnoreCase.GetHashCode(speaker) | 1;

    private bool IsCurrentFact(int slot) => _kindOfSlot[slot] == MemoryKind.Semantic && _currentOfSlot[slot];

    /// <summary>Known speakers whose name appears as a word of the query.</summary>
    private HashSet<string>? SpeakersNamedIn(string query)
    {
        HashSet<string>? named = null;
        foreach (var speaker in _speakers.Keys)
        {
            // Every occurrence, not only the first: "Johnson met John" names John.
            for (var at = query.IndexOf(speaker, StringComparison.OrdinalIgnoreCase); at >= 0; at = query.IndexOf(speaker, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if ((at == 0 || !char.IsLetterOrDigit(query[at - 1]))
                    && (at + speaker.Length == query.Length || !char.IsLetterOrDigit(query[at + speaker.Length])))
                {
                    (named ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(speaker);
                    break;
                }
            }
        }

        return named;
    }

    private void AddToConversation(int slot, MemoryRecord record)
    {
        if (record is not { Kind: MemoryKind.Episodic, SessionId: { } session })
        {
            return;
        }

        if (!_sessionNumbers.TryGetValue(session, out var number))
        {
            number = _sessionTurns.Count;
            _sessionNumbers[session] = number;
            _sessionTurns.Add([]);
        }

        var turns = _sessionTurns[number];
        var at = FindTurn(turns, record);
        at = at >= 0 ? at : ~at;
        turns.Insert(at, slot);
        var previous = at > 0 ? turns[at - 1] : -1;
        var next = at + 1 < turns.Count ? turns[at + 1] : -1;
        _sessionOfSlot[slot] = number;
        _previousOfSlot[slot] = previous;
        _nextOfSlot[slot] = next;
        if (previous >= 0)
        {
            _nextOfSlot[previous] = slot;
        }

        if (next >= 0)
        {
            _previousOfSlot[next] = slot;
        }

        if (record.Speaker is { Length: > 0 } speaker)
        {
            if (!_speakers.TryGetValue(speaker, out var known))
            {
                _speakers[speaker] = known = new Speaker([.. TextAnalyzer.Analyze(speaker)]);
            }

            known.Turns++;
        }
    }

    private void RemoveFromConversation(int slot, MemoryRecord record)
    {
        if (record is not { Kind: MemoryKind.Episodic, SessionId: { } session } || !_sessionNumbers.TryGetValue(session, out var number))
        {
            return;
        }

        var turns = _sessionTurns[number];
        var at = FindTurn(turns, record);
        if (at >= 0 && turns[at] == slot)
        {
            turns.RemoveAt(at);
        }

        var (previous, next) = (_previousOfSlot[slot], _nextOfSlot[slot]);
        if (previous >= 0)
        {
            _nextOfSlot[previous] = next;
        }

        if (next >= 0)
        {
            _previousOfSlot[next] = previous;
        }

        _sessionOfSlot[slot] = _previousOfSlot[slot] = _nextOfSlot[slot] = -1;

        if (record.Speaker is { Length: > 0 } speaker && _speakers.TryGetValue(speaker, out var known) && --known.Turns == 0)
        {
            _speakers.Remove(speaker);
        }
    }

    /// <summary>Binary search of a session's turns by (event time, id); the complement of the insertion point when absent.</summary>
    private int FindTurn(List<int> turns, MemoryRecord record)
    {
        int lo = 0, hi = turns.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var other = _records[turns[mid]]!;
            var order = other.EventTime.CompareTo(record.EventTime);
            if (order == 0)
            {
                order = other.Id.CompareTo(record.Id);
            }

            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        EnsureNoSearchRuns();
        _records.Clear();
        _freeSlots.Clear();
        _slotById.Clear();
        _dense.Clear();
        _lexical.Clear();
        _retired = 0;
        _sessionNumbers.Clear();
        _sessionTurns.Clear();
        _sessionOfSlot.Clear();
        _previousOfSlot.Clear();
        _nextOfSlot.Clear();
        _speakers.Clear();
        LatestEventTime = DateTimeOffset.MinValue;
    }

    private int AppendSlot()
    {
        if (_records.Count == _kindOfSlot.Length)
        {
            var capacity = Math.Max(16, 2 * _kindOfSlot.Length);
            Array.Resize(ref _kindOfSlot, capacity);
            Array.Resize(ref _currentOfSlot, capacity);
            Array.Resize(ref _speakerHashOfSlot, capacity);
            Array.Resize(ref _eventTicksOfSlot, capacity);
        }

        _records.Add(null);
        _sessionOfSlot.Add(-1);
        _previousOfSlot.Add(-1);
        _nextOfSlot.Add(-1);
        return _records.Count - 1;
    }

    /// <summary>
    /// Each kind is scored with its own BM25 statistics: short derived facts and summaries would
    /// otherwise lower the average length and raise the document frequencies the turns are scored by.
    /// </summary>
    private static int LexicalPartitionOf(MemoryKind kind) => kind switch
    {
        MemoryKind.Episodic => 0,
        MemoryKind.Semantic => 1,
        MemoryKind.Summary => 2,
        _ => 3,
    };

    private static List<string> Reset(List<string> list)
    {
        list.Clear();
        return list;
    }

    // With one list, order by that list alone: recency must not reorder a pure dense or lexical ranking.
    private static HybridScoringOptions SingleListScoring(HybridScoringOptions scoring) => new()
    {
        RrfK = scoring.RrfK,
        DenseWeight = 1,
        LexicalWeight = 1,
        RecencyWeight = 0,
        RecencyHalfLife = scoring.RecencyHalfLife,
        CandidatePoolSize = scoring.CandidatePoolSize,
    };

    /// <summary>One query's view of the conversations: the index's turn links plus the speakers this query names.</summary>
    /// <remarks>
    /// The re-ranker asks about every candidate and its neighbours (hundreds per recall). Hashing each
    /// candidate's speaker was a quarter of the re-rank, and reading its record a cache miss; the
    /// slot's stored hash is compared with the one or two the query names, and only a match reads
    /// the record to compare the names themselves.
    /// </remarks>
    private sealed class QueryConversation(UserMemoryIndex index, string[]? queriedSpeakers) : IConversationContext
    {
        private readonly int[]? _queriedHashes = queriedSpeakers?.Select(SpeakerHash).ToArray();

        public int PreviousOf(int documentId) => index._previousOfSlot[documentId];

        public int NextOf(int documentId) => index._nextOfSlot[documentId];

        public int SessionOf(int documentId) => index._sessionOfSlot[documentId];

        public bool IsByQueriedSpeaker(int documentId)
        {
            var hash = index._speakerHashOfSlot[documentId];
            if (hash == 0 || _queriedHashes is null || Array.IndexOf(_queriedHashes, hash) < 0
                || index._records[documentId] is not { Kind: MemoryKind.Episodic, Speaker: { } speaker })
            {
                return false;
            }

            foreach (var queried in queriedSpeakers!)
            {
                if (string.Equals(queried, speaker, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A speaker's turn count and analyzed name.</summary>
    private sealed class Speaker(string[] terms)
    {
        public string[] Terms { get; } = terms;

        public int Turns { get; set; }
    }
}
