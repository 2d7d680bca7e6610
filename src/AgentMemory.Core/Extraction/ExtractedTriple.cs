namespace AgentMemory.Core.Extraction;

/// <summary>
/// A (subject, relation, object) statement derived from a fact, for the knowledge graph and for contradiction
/// detection.
/// </summary>
/// <param name="Subject">Who or what the statement is about, usually a person's name.</param>
/// <param name="Relation">
/// A snake_case canonical verb phrase such as <c>lives_in</c>, <c>works_at</c>, <c>likes</c>, <c>favorite_book</c>;
/// see <see cref="RelationCatalog"/> for the vocabulary and which relations hold only one value at a time.
/// </param>
/// <param name="Object">A short noun phrase (at most six words), lowercase except proper nouns.</param>
/// <remarks>
/// Canonical relations (rather than the surface verb) let "lives in", "is living in" and "has been living in"
/// collide, which is exactly what the update step needs to notice that a newer fact replaces an older one.
/// </remarks>
public sealed record ExtractedTriple(string Subject, string Relation, string Object);
