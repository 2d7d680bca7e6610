using AgentMemory.Protocol.V1;
using Grpc.Core;

namespace AgentMemory.Client;

/// <summary>
/// Typed access to the AgentMemory service: remember events, recall what is relevant, read,
/// list and forget memories. Every method acts on one user of the caller's tenant (the tenant
/// comes from the API key, never from <c>userId</c>).
/// </summary>
/// <remarks>
/// Failures surface as <see cref="RpcException"/> with the service's status code:
/// <see cref="StatusCode.InvalidArgument"/> (with a <c>google.rpc.BadRequest</c> detail naming the
/// field: read it with <see cref="AgentMemoryRpcExceptionExtensions.GetFieldViolations"/>),
/// <see cref="StatusCode.NotFound"/>, <see cref="StatusCode.ResourceExhausted"/> (a limit),
/// <see cref="StatusCode.Unauthenticated"/> / <see cref="StatusCode.PermissionDenied"/>,
/// <see cref="StatusCode.Unavailable"/> and <see cref="StatusCode.DeadlineExceeded"/> once the
/// retries are spent, and <see cref="StatusCode.Cancelled"/> when the token is cancelled.
/// </remarks>
public interface IAgentMemoryClient
{
    /// <summary>
    /// Stores events as episodic memories. When the task completes the memories are durable and
    /// a following recall finds them.
    /// </summary>
    /// <param name="userId">The user the memories belong to.</param>
    /// <param name="events">The events, stored in this order.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>One result per event, in order: the memory id and whether it already existed (deduplicated).</returns>
    /// <exception cref="RpcException">The service rejected the call or could not be reached.</exception>
    Task<RememberResponse> RememberAsync(string userId, IEnumerable<MemoryEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Finds the memories most relevant to a query, with score breakdowns and a prompt-ready context block.</summary>
    /// <param name="userId">The user whose memories are searched.</param>
    /// <param name="query">Natural-language query; required.</param>
    /// <param name="options">k, mode, token budget and filter; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>The ranked memories and the rendered context.</returns>
    /// <exception cref="RpcException">The service rejected the call or could not be reached.</exception>
    Task<RecallResponse> RecallAsync(string userId, string query, RecallOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Reads memories by id.</summary>
    /// <param name="userId">The user the memories belong to.</param>
    /// <param name="ids">Memory ids.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>The memories in the order of <paramref name="ids"/>.</returns>
    /// <exception cref="RpcException"><see cref="StatusCode.NotFound"/> when any id is unknown to this user; other failures as usual.</exception>
    Task<IReadOnlyList<Memory>> GetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of a user's memories, newest event first.</summary>
    /// <param name="userId">The user whose memories are listed.</param>
    /// <param name="options">Page size, page token and filter; null for the first page with the defaults.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>The page; its <c>NextPageToken</c> is empty on the last page.</returns>
    /// <exception cref="RpcException">The service rejected the call or could not be reached.</exception>
    Task<ListResponse> ListAsync(string userId, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Streams all of a user's memories (newest event first), fetching page after page.</summary>
    /// <param name="userId">The user whose memories are listed.</param>
    /// <param name="options">Page size and filter; a page token starts the walk from that page.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <returns>The memories, one page fetched at a time.</returns>
    /// <exception cref="RpcException">A page could not be read.</exception>
    IAsyncEnumerable<Memory> ListAllAsync(string userId, ListOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Removes memories by id, and what was derived only from them.</summary>
    /// <param name="userId">The user the memories belong to.</param>
    /// <param name="ids">Memory ids.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>Rows removed across all tables by this call: an id forgotten before (a retry's) removes nothing more.</returns>
    /// <exception cref="RpcException"><see cref="StatusCode.NotFound"/> (nothing removed) when any id was never stored, or was
    /// forgotten longer ago than the service's <c>AgentMemory:Limits:ForgottenIdRetention</c>; other failures as usual.</exception>
    Task<long> ForgetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default);

    /// <summary>Removes every memory that matches a filter.</summary>
    /// <param name="userId">The user the memories belong to.</param>
    /// <param name="filter">Which memories; must not be empty (the service answers INVALID_ARGUMENT).</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>Rows removed across all tables.</returns>
    /// <exception cref="RpcException">The service rejected the call or could not be reached.</exception>
    Task<long> ForgetByFilterAsync(string userId, MemoryFilterOptions filter, CancellationToken cancellationToken = default);

    /// <summary>Erases everything the service holds about a user, in every table.</summary>
    /// <param name="userId">The user to erase.</param>
    /// <param name="cancellationToken">Cancels the call and its retries.</param>
    /// <returns>Rows removed across all tables.</returns>
    /// <exception cref="RpcException">The service rejected the call or could not be reached.</exception>
    Task<long> ForgetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Waits until derivation (facts, timelines) has caught up with everything remembered for the user.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="timeout">How long to wait at most (default 30 s).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when caught up; false when the timeout passed first (derivation goes on in the background).</returns>
    Task<bool> FlushAsync(string userId, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>The change history of a derived memory (ADD, UPDATE, INVALIDATE, MERGE, SOURCE_FORGOTTEN), oldest first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="memoryId">The memory.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entries; NOT_FOUND for an unknown id.</returns>
    Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default);

    /// <summary>The timeline of an entity: memories that mention it, in time order, with their links.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="entity">The entity name (case-insensitive).</param>
    /// <param name="limit">1..500; 0 means 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The timeline.</returns>
    Task<TimelineResponse> TimelineOfEntityAsync(string userId, string entity, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>The timeline chain a memory belongs to.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="memoryId">The memory.</param>
    /// <param name="limit">1..500; 0 means 50.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The timeline.</returns>
    Task<TimelineResponse> TimelineOfMemoryAsync(string userId, string memoryId, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>Merges two or more current facts into the first (which keeps its id and gains all sources).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="ids">The facts; the first one is kept.</param>
    /// <param name="text">The merged text; null keeps the first fact's text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The merged fact; for a merge that was made already (a retry's), the merged fact as it stands, unchanged.</returns>
    Task<Memory> MergeAsync(string userId, IEnumerable<string> ids, string? text = null, CancellationToken cancellationToken = default);

    /// <summary>Summarizes a session now and folds it into the user's profile and period summaries.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="sessionId">The session.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session summary; NOT_FOUND for a session with no memories.</returns>
    Task<Memory> CloseSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default);
}
