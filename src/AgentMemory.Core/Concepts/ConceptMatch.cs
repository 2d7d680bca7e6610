namespace AgentMemory.Core.Concepts;

/// <summary>
/// A category named in a query (for example "european countri" from "European countries") and the
/// analyzed terms of its members (its hyponyms, at every depth: "spain", "franc", "itali", …).
/// </summary>
/// <param name="Category">The category's analyzed terms, joined by one space.</param>
/// <param name="Members">Distinct member terms, excluding the category's own terms.</param>
public sealed record ConceptMatch(string Category, IReadOnlyList<string> Members);
