namespace AgentMemory.Core.Extraction;

/// <summary>
/// The coarse type of an <see cref="ExtractedEntity"/>.
/// </summary>
/// <remarks>
/// Deliberately small: the rule-based extractor can only tell these apart from cue words ("my friend X", "in X",
/// "X University"), and the graph needs a kind mostly to keep people, places and organizations from merging when
/// they share a name. Anything it cannot classify confidently is <see cref="Other"/> rather than a guess.
/// </remarks>
public enum EntityKind
{
    /// <summary>Not classified: acronyms, titles, brands, pets, and names without a telling cue.</summary>
    Other = 0,

    /// <summary>A person: a conversation participant or a name after a relationship word ("my sister Ann").</summary>
    Person = 1,

    /// <summary>A place: after "in", "visited", "went to", or ending in City, Park, Lake, ….</summary>
    Place = 2,

    /// <summary>An organization: ending in University, Club, Inc, …, or after "work at".</summary>
    Organization = 3,
}
