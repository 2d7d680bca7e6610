namespace AgentMemory.Storage;

/// <summary>What happened to one row of an insert batch.</summary>
/// <param name="MemoryId">The row's id: the new one, or the existing row's when the idempotency key was taken.</param>
/// <param name="Inserted">False when a row with the same idempotency key already existed.</param>
/// <param name="StoredMetadataJson">
/// The metadata as PostgreSQL stores it (jsonb normalizes spacing and key order), for inserted
/// rows; the hot index keeps this form so that a memory reads the same before and after a reload.
/// </param>
public readonly record struct InsertOutcome(Guid MemoryId, bool Inserted, string? StoredMetadataJson = null);
