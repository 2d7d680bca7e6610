using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>
/// Everything one derivation step writes, applied in one transaction together with the
/// watermark, so that a crash either keeps all of it or none of it (and the step is redone).
/// </summary>
public sealed class DerivationChanges
{
    public List<DerivedMemoryRow> Inserts { get; } = [];

    public List<MemoryRevision> Revisions { get; } = [];

    public List<HistoryRow> History { get; } = [];

    public List<TripleRow> Triples { get; } = [];

    public List<MentionRow> Mentions { get; } = [];

    public List<TimelineLink> Links { get; } = [];

    /// <summary>New phrase nodes of the knowledge graph, with their embeddings.</summary>
    public List<PhraseRow> Phrases { get; } = [];

    /// <summary>New synonym edges between phrases.</summary>
    public List<SynonymRow> Synonyms { get; } = [];

    /// <summary>The new watermark: every episode with seq at or below it is derived. Null leaves it.</summary>
    public long? DerivedSeq { get; set; }

    public bool IsEmpty => Inserts.Count == 0 && Revisions.Count == 0 && History.Count == 0 && Triples.Count == 0
        && Mentions.Count == 0 && Links.Count == 0 && Phrases.Count == 0 && Synonyms.Count == 0 && DerivedSeq is null;
}
