namespace AgentMemory.Core.Concepts;

/// <summary>What the concept lexicon reads in one query, from one pass over its words.</summary>
/// <param name="Matches">The categories it asks about, with their members (see <see cref="ConceptLexicon.Match"/>).</param>
/// <param name="AsksForKinds">Whether it gathers several things of a kind (see <see cref="ConceptLexicon.AsksForKinds"/>).</param>
public sealed record ConceptQuery(IReadOnlyList<ConceptMatch> Matches, bool AsksForKinds);
