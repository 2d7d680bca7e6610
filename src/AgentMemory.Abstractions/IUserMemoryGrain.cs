using Orleans.Concurrency;

namespace AgentMemory.Abstractions;

/// <summary>
/// Owns one user's memory: the only writer of that user's rows, and the holder of the
/// user's hot index (vectors and lexical postings) while the user is active. Keyed by
/// <see cref="UserScope.ToGrainKey"/>. Writes are serialized by the grain; read-only
/// calls interleave with each other.
/// </summary>
[Alias("agentmemory.IUserMemoryGrain")]
public interface IUserMemoryGrain : IGrainWithStringKey
{
    /// <summary>Stores the episodes durably, indexes them, and returns one result per episode, in order.</summary>
    [Alias("Remember")]
    Task<IReadOnlyList<RememberedMemory>> Remember(IReadOnlyList<NewEpisode> episodes, CancellationToken cancellationToken = default);

    /// <summary>Ranks the user's memories against the query.</summary>
    [Alias("Recall"), ReadOnly]
    Task<RecallResult> Recall(RecallQuery query, CancellationToken cancellationToken = default);

    /// <summary>Returns the memories in request order; throws <see cref="MemoryNotFoundException"/> if any id is unknown.</summary>
    [Alias("Get"), ReadOnly]
    Task<IReadOnlyList<MemoryRecord>> Get(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Pages through the user's memories, newest event first.</summary>
    [Alias("List"), ReadOnly]
    Task<MemoryPage> List(ListQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes the given memories (all or nothing); returns rows removed. Ids this user forgot within
    /// <c>AgentMemory:Limits:ForgottenIdRetention</c> count as done (a retry after a lost reply); any
    /// other unknown id is <see cref="MemoryNotFoundException"/>.
    /// </summary>
    [Alias("ForgetIds")]
    Task<long> ForgetIds(IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Removes every memory matching a non-empty filter; returns rows removed.</summary>
    [Alias("ForgetMatching")]
    Task<long> ForgetMatching(MemoryFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Erases everything held about the user, in every table; returns rows removed.</summary>
    [Alias("ForgetUser")]
    Task<long> ForgetUser(CancellationToken cancellationToken = default);

    /// <summary>Waits until derivation has caught up with every episode remembered so far, or the timeout passes.</summary>
    /// <returns>True when caught up.</returns>
    [Alias("Flush")]
    Task<bool> Flush(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Summarizes the session now (and rolls it into the profile and period summaries); returns the session summary, or null for an unknown session.</summary>
    [Alias("CloseSession")]
    Task<MemoryRecord?> CloseSession(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The change history of one derived memory, oldest first.</summary>
    [Alias("History"), ReadOnly]
    Task<IReadOnlyList<HistoryEntry>> History(Guid memoryId, CancellationToken cancellationToken = default);

    /// <summary>A timeline for an entity, a topic or around a memory.</summary>
    [Alias("Timeline"), ReadOnly]
    Task<TimelineView> Timeline(TimelineQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges facts into one (the first keeps its id, takes the union of sources, and the others are retired); returns
    /// the merged fact. A merge that was made already (the first current with the text, the others retired into it)
    /// returns the first unchanged.
    /// </summary>
    [Alias("Merge")]
    Task<MemoryRecord> Merge(IReadOnlyList<Guid> ids, string? text, CancellationToken cancellationToken = default);

    /// <summary>Size of the hot index, for operators and tests.</summary>
    [Alias("GetStatistics"), ReadOnly]
    Task<MemoryStatistics> GetStatistics();
}
