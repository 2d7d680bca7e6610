using AgentMemory.Abstractions;
using AgentMemory.Core;

namespace AgentMemory.Grains;

/// <summary>
/// One user's hot index: every memory record, its embedding in a flat dense index, and its
/// analyzed text in a BM25 index, all addressed by a dense slot number so that scoring works
/// on arrays rather than dictionaries. Not thread-safe; the owning grain serializes access.
/// </summary>
public sealed class UserMemoryIndex
{
    private readonly List<MemoryRecord?> _records = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Dictionary<Guid, int> _slotById = [];
    private readonly DenseVectorIndex _dense;
    private readonly Bm25Index _lexical = new();
    private readonly List<string> _terms = [];

    // Memories that no longer hold; while there are none, "current only" needs no per-slot check.
    private int _retired;

    public UserMemoryIndex(int dimensions)
    {
        _dense = new DenseVectorIndex(dimensions);
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

    public MemoryRecord? Find(Guid id) => _slotById.TryGetValue(id, out var slot) ? _records[slot] : null;

    /// <summary>Adds a memory; replaces nothing (an id already held is an error).</summary>
    public void Add(MemoryRecord record, ReadOnlySpan<float> embedding)
    {
        if (_slotById.ContainsKey(record.Id))
        {
            throw new ArgumentException($"Memory {record.Id} is already indexed.", nameof(record));
        }

        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : AppendSlot();
        _records[slot] = record;
        _slotById[record.Id] = slot;
        _retired += record.IsCurrent ? 0 : 1;
        _dense.Set(slot, embedding);
        TextAnalyzer.Analyze(record.Text, Reset(_terms));
        _lexical.Add(slot, _terms);
        if (record.EventTime > LatestEventTime)
        {
            LatestEventTime = record.EventTime;
        }
    }

    /// <summary>Replaces a memory's record when its text is unchanged (validity, sources, metadata).</summary>
    public void UpdateRecord(MemoryRecord record)
    {
        var slot = _slotById[record.Id];
        if (!string.Equals(_records[slot]!.Text, record.Text, StringComparison.Ordinal))
        {
            throw new ArgumentException("A changed text needs a new embedding: remove and add the memory instead.", nameof(record));
        }

        _retired += (record.IsCurrent ? 0 : 1) - (_records[slot]!.IsCurrent ? 0 : 1);
        _records[slot] = record;
    }

    /// <summary>The current facts most similar to a vector (cosine), most similar first.</summary>
    public List<(MemoryRecord Fact, float Similarity)> SimilarCurrentFacts(ReadOnlySpan<float> vector, int top)
    {
        var hits = _dense.Search(vector, top, slot => _records[slot] is { Kind: MemoryKind.Semantic, IsCurrent: true });
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
        if (!_slotById.Remove(id, out var slot))
        {
            return false;
        }

        var record = _records[slot]!;
        _retired -= record.IsCurrent ? 0 : 1;
        TextAnalyzer.Analyze(record.Text, Reset(_terms));
        _lexical.Remove(slot, _terms);
        _dense.Remove(slot);
        _records[slot] = null;
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
    /// Ranks memories for a query. Dense and lexical candidates (each up to the configured pool)
    /// are fused by reciprocal rank with a recency prior; single-mode recalls rank by their one
    /// list alone.
    /// </summary>
    public List<RecalledMemory> Search(ReadOnlySpan<float> queryEmbedding, string query, int k, MemoryFilter filter, RecallMode mode, HybridScoringOptions scoring)
        => Search(queryEmbedding, query, k, filter, mode, scoring, asOf: null, includeInvalidated: false);

    /// <summary>
    /// Ranks memories for a query, as of an event time: with <paramref name="asOf"/> only what
    /// held then; without it only what holds now, unless <paramref name="includeInvalidated"/>.
    /// </summary>
    public List<RecalledMemory> Search(ReadOnlySpan<float> queryEmbedding, string query, int k, MemoryFilter filter, RecallMode mode, HybridScoringOptions scoring, DateTimeOffset? asOf, bool includeInvalidated)
    {
        var results = new List<RecalledMemory>(k);
        if (Count == 0)
        {
            return results;
        }

        Func<int, bool>? accept = (filter.IsEmpty, asOf, includeInvalidated) switch
        {
            (true, null, true) => null,
            (true, null, false) => _retired == 0 ? null : slot => _records[slot] is { IsCurrent: true },
            (_, { } time, _) => slot => _records[slot] is { } r && r.HeldAt(time) && filter.Matches(r.Kind, r.SessionId, r.EventTime),
            (_, null, var all) => slot => _records[slot] is { } r && (all || r.IsCurrent) && filter.Matches(r.Kind, r.SessionId, r.EventTime),
        };
        var pool = Math.Max(scoring.CandidatePoolSize, k);

        IReadOnlyList<ScoredDocument> dense = mode == RecallMode.Lexical ? [] : _dense.Search(queryEmbedding, pool, accept);
        IReadOnlyList<ScoredDocument> lexical = mode == RecallMode.Dense ? [] : _lexical.Search(TextAnalyzer.Analyze(query), pool, accept);

        var reference = LatestEventTime;
        var halfLife = scoring.RecencyHalfLife;
        var candidates = HybridRanker.Fuse(
            dense,
            lexical,
            slot => HybridRanker.Recency(_records[slot]!.EventTime, reference, halfLife),
            mode == RecallMode.Hybrid ? scoring : SingleListScoring(scoring),
            k);

        foreach (var c in candidates)
        {
            results.Add(new RecalledMemory(
                _records[c.DocumentId]!,
                new ScoreBreakdown(c.Dense, c.Lexical, c.Recency, c.Fused, c.DenseRank, c.LexicalRank)));
        }

        return results;
    }

    /// <summary>Drops everything.</summary>
    public void Clear()
    {
        _records.Clear();
        _freeSlots.Clear();
        _slotById.Clear();
        _dense.Clear();
        _lexical.Clear();
        _retired = 0;
        LatestEventTime = DateTimeOffset.MinValue;
    }

    private int AppendSlot()
    {
        _records.Add(null);
        return _records.Count - 1;
    }

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
}
