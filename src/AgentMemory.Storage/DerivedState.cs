using AgentMemory.Abstractions;

namespace AgentMemory.Storage;

/// <summary>What a grain loads besides memories: triples, mentions, timeline links, graph phrases and synonyms, and the watermark.</summary>
public sealed record DerivedState(long DerivedSeq, List<TripleRow> Triples, List<MentionRow> Mentions, List<TimelineLink> Links)
{
    public List<PhraseRow> Phrases { get; init; } = [];

    public List<SynonymRow> Synonyms { get; init; } = [];
}
