namespace AgentMemory.Core.Extraction;

/// <summary>
/// One atomic, self-contained statement derived from an episode.
/// </summary>
/// <param name="Text">
/// The statement as a sentence that is true out of context: people named instead of "I"/"you", relative dates
/// made absolute, capitalized, ending with a period ("Caroline went to a LGBTQ support group on 7 May 2023.").
/// </param>
/// <param name="Subject">Whom the statement is about or whose claim it is (the speaker for first-person statements).</param>
/// <param name="Triples">The structured statements found in <paramref name="Text"/>; often empty.</param>
/// <param name="Entities">Names of the extraction's entities that occur in <paramref name="Text"/>.</param>
/// <param name="ValidFrom">
/// The first absolute date the statement mentions, resolved from a relative one; null when it mentions none, in
/// which case the episode's event time is the best bound the caller has.
/// </param>
/// <param name="Confidence">
/// A heuristic in [0, 1]: higher for direct first-person statements and ones that yielded a triple, lower for
/// hedged ("maybe", "I think") or hypothetical ones and for statements only attributed to the speaker. Comparable
/// across the built-in extractor's output only.
/// </param>
/// <remarks>
/// The lists are read-only views; record equality compares them by reference, so compare facts by
/// <paramref name="Text"/> when deduplicating.
/// </remarks>
public sealed record ExtractedFact(
    string Text,
    string Subject,
    IReadOnlyList<ExtractedTriple> Triples,
    IReadOnlyList<string> Entities,
    DateOnly? ValidFrom,
    double Confidence);
