using AgentMemory.Abstractions;
using AgentMemory.Core.Extraction;
using AgentMemory.Storage;

namespace AgentMemory.Grains;

/// <summary>
/// The derived structure a user's grain keeps beside its search index: each fact's triples, the
/// single-valued slots that current facts fill (for contradiction checks), which memories
/// mention which entities, the timeline links, and the knowledge graph built from them. Loaded on
/// activation, kept in step with every committed derivation.
/// </summary>
public sealed class DerivedKnowledge
{
    public DerivedKnowledge(UserKnowledgeGraph graph)
    {
        Graph = graph;
    }

    private readonly Dictionary<Guid, List<ExtractedTriple>> _triples = [];
    private readonly Dictionary<string, HashSet<Guid>> _slotHolders = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<Guid>> _mentionsByEntity = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, List<string>> _entitiesByMemory = [];
    private readonly Dictionary<Guid, List<TimelineLink>> _links = [];

    /// <summary>Every episode with a seq at or below this has been derived.</summary>
    public long DerivedSeq { get; set; }

    /// <summary>The phrase-passage graph over the same mentions and triples, with synonym and source edges.</summary>
    public UserKnowledgeGraph Graph { get; }

    /// <param name="state">The stored derived rows.</param>
    /// <param name="isCurrentFact">Whether a fact still holds (only current facts fill slots).</param>
    /// <param name="derivedMemories">The user's derived memories (facts) with their sources: the graph's source edges.</param>
    public void Load(DerivedState state, Func<Guid, bool> isCurrentFact, IEnumerable<MemoryRecord> derivedMemories)
    {
        Clear();
        DerivedSeq = state.DerivedSeq;
        foreach (var group in state.Triples.GroupBy(t => t.MemoryId))
        {
            SetTriples(group.Key, group.OrderBy(t => t.Ordinal).Select(t => new ExtractedTriple(t.Subject, t.Relation, t.Object)).ToList(), isCurrentFact(group.Key));
        }

        foreach (var mention in state.Mentions)
        {
            AddMention(mention.MemoryId, mention.Entity);
        }

        foreach (var link in state.Links)
        {
            AddLink(link);
        }

        foreach (var memory in derivedMemories)
        {
            AddSources(memory);
        }

        foreach (var phrase in state.Phrases)
        {
            Graph.SetPhraseVector(phrase.Phrase, phrase.Embedding.Span, newSynonyms: null);
        }

        foreach (var synonym in state.Synonyms)
        {
            Graph.AddSynonym(synonym.PhraseA, synonym.PhraseB, synonym.Similarity);
        }
    }

    /// <summary>Joins a fact to the episodes it was drawn from in the graph (summaries stay out: they would join whole sessions).</summary>
    public void AddSources(MemoryRecord memory)
    {
        if (memory.Kind == MemoryKind.Semantic)
        {
            foreach (var source in memory.SourceIds)
            {
                Graph.AddSource(memory.Id, source);
            }
        }
    }

    public IReadOnlyList<ExtractedTriple> TriplesOf(Guid factId) => _triples.TryGetValue(factId, out var t) ? t : [];

    /// <summary>Current facts holding a single-valued slot of any of these triples' subjects.</summary>
    public IEnumerable<Guid> SlotHolders(IEnumerable<ExtractedTriple> triples)
    {
        var seen = new HashSet<Guid>();
        foreach (var triple in triples)
        {
            foreach (var affected in RelationCatalog.SlotsAffectedBy(triple.Relation))
            {
                if (_slotHolders.TryGetValue(Key(triple.Subject, affected), out var holders))
                {
                    foreach (var id in holders)
                    {
                        if (seen.Add(id))
                        {
                            yield return id;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Sets a fact's triples; the list only ever grows, so the graph gains the ones beyond those it had.</summary>
    public void SetTriples(Guid factId, List<ExtractedTriple> triples, bool current)
    {
        var known = TriplesOf(factId).Count;
        for (var i = known; i < triples.Count; i++)
        {
            Graph.AddContext(factId, triples[i].Subject);
            Graph.AddContext(factId, triples[i].Object);
            Graph.AddRelation(triples[i].Subject, triples[i].Object);
        }

        _triples[factId] = triples;
        if (current)
        {
            foreach (var triple in triples)
            {
                if (SlotKey(triple) is { } slot)
                {
                    (_slotHolders.TryGetValue(slot, out var set) ? set : _slotHolders[slot] = []).Add(factId);
                }
            }
        }
    }

    /// <summary>The fact no longer holds: it leaves the slots it filled (its triples stay for history and graph).</summary>
    public void Retire(Guid factId)
    {
        foreach (var triple in TriplesOf(factId))
        {
            if (SlotKey(triple) is { } slot && _slotHolders.TryGetValue(slot, out var set))
            {
                set.Remove(factId);
            }
        }
    }

    public void AddMention(Guid memoryId, string entity)
    {
        // Whether the memory already mentions the entity is read from the memory's few entities, not
        // from the entity's memories: a speaker's name is mentioned by thousands, and scanning its
        // list on every mention made building a user's graph on activation quadratic in them.
        var entities = _entitiesByMemory.TryGetValue(memoryId, out var known) ? known : _entitiesByMemory[memoryId] = [];
        foreach (var mentioned in entities)
        {
            if (string.Equals(mentioned, entity, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        entities.Add(entity);
        (_mentionsByEntity.TryGetValue(entity, out var memories) ? memories : _mentionsByEntity[entity] = []).Add(memoryId);
        Graph.AddContext(memoryId, entity);
    }

    public IReadOnlyList<Guid> Mentioning(string entity) => _mentionsByEntity.TryGetValue(entity, out var list) ? list : [];

    public IReadOnlyList<string> EntitiesOf(Guid memoryId) => _entitiesByMemory.TryGetValue(memoryId, out var list) ? list : [];

    public IEnumerable<string> Entities => _mentionsByEntity.Keys;

    public void AddLink(TimelineLink link)
    {
        (_links.TryGetValue(link.FromId, out var from) ? from : _links[link.FromId] = []).Add(link);
        (_links.TryGetValue(link.ToId, out var to) ? to : _links[link.ToId] = []).Add(link);
    }

    /// <summary>Links that start or end at the memory.</summary>
    public IReadOnlyList<TimelineLink> LinksOf(Guid memoryId) => _links.TryGetValue(memoryId, out var list) ? list : [];

    /// <summary>Forgets everything about a memory that was removed.</summary>
    public void Remove(Guid memoryId)
    {
        Retire(memoryId);
        foreach (var triple in TriplesOf(memoryId))
        {
            Graph.RemoveRelation(triple.Subject, triple.Object);
        }

        Graph.RemovePassage(memoryId);
        _triples.Remove(memoryId);
        if (_entitiesByMemory.Remove(memoryId, out var entities))
        {
            foreach (var entity in entities)
            {
                _mentionsByEntity[entity].Remove(memoryId);
            }
        }

        if (_links.Remove(memoryId, out var links))
        {
            foreach (var link in links)
            {
                var other = link.FromId == memoryId ? link.ToId : link.FromId;
                if (_links.TryGetValue(other, out var theirs))
                {
                    theirs.RemoveAll(l => l.FromId == memoryId || l.ToId == memoryId);
                }
            }
        }
    }

    public void Clear()
    {
        _triples.Clear();
        _slotHolders.Clear();
        _mentionsByEntity.Clear();
        _entitiesByMemory.Clear();
        _links.Clear();
        Graph.Clear();
        DerivedSeq = 0;
    }

    private static string? SlotKey(ExtractedTriple triple)
    {
        var slot = RelationCatalog.SlotOf(triple.Relation);
        return RelationCatalog.IsSingleValued(slot) ? Key(triple.Subject, slot) : null;
    }

    private static string Key(string subject, string slot) => string.Concat(subject.ToLowerInvariant(), "\u001f", slot);
}
