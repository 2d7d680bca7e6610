namespace AgentMemory.Storage;

/// <summary>One (subject, relation, object) triple of a fact.</summary>
public sealed record TripleRow(Guid MemoryId, short Ordinal, string Subject, string Relation, string Object);
