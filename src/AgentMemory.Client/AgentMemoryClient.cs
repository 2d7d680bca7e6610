using System.Net;
using System.Runtime.CompilerServices;
using AgentMemory.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace AgentMemory.Client;

/// <summary>
/// The AgentMemory SDK client: typed async calls with a deadline on every attempt, the API key
/// on every call, and retries of transient failures.
/// </summary>
/// <remarks>
/// <para>
/// Create one with <see cref="Create(AgentMemoryClientOptions)"/> (it owns its channel: keep it for
/// the application's lifetime and dispose it at the end) or get it from dependency injection after
/// <c>services.AddAgentMemoryClient(...)</c>. Instances are thread-safe.
/// </para>
/// <para>
/// <b>Retry policy.</b> A call is retried, up to <see cref="AgentMemoryClientOptions.MaxRetries"/>
/// times with exponential backoff and jitter (<see cref="AgentMemoryClientOptions.InitialBackoff"/>
/// doubling up to <see cref="AgentMemoryClientOptions.MaxBackoff"/>), when it fails with
/// <see cref="StatusCode.Unavailable"/> (connection refused or reset, server draining) or
/// <see cref="StatusCode.DeadlineExceeded"/> (the attempt's deadline passed). Each attempt gets a fresh
/// deadline of <see cref="AgentMemoryClientOptions.DefaultDeadline"/>. Every method of the service is
/// safe to repeat, which is why all of them are retried:
/// Recall, Get, List, History, Timeline and Flush only read or wait; Forget removes the same rows
/// again (a repeat removes nothing more); Merge retires the same facts into the same first fact
/// (no second merged memory can appear); CloseSession writes a new version of the session summary,
/// which replaces the previous one; and Remember is idempotent because every event carries an idempotency key (the caller's,
/// or one the SDK generated once per <see cref="MemoryEvent"/> instance), so an attempt whose
/// outcome is unknown, such as one that ran past its deadline after the service committed it, is
/// deduplicated by the service when it is sent again: the reply then names the existing memories
/// with <c>Deduplicated = true</c>.
/// When an attempt of <see cref="ForgetAsync"/> succeeded but its reply was lost, the retry finds the
/// ids recorded as forgotten and succeeds, removing nothing more (so it returns 0 for them); the
/// service keeps that record for <c>AgentMemory:Limits:ForgottenIdRetention</c>, 7 days by default.
/// A retried <see cref="MergeAsync"/> finds the merge made (the first fact current with the requested
/// text, the others retired into it) and returns the merged fact without changing anything.
/// No other status is retried: INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, UNAUTHENTICATED,
/// PERMISSION_DENIED and INTERNAL surface at once, and so does cancellation through the token.
/// The loop is the SDK's own rather than grpc-dotnet's <c>ServiceConfig</c> retry policy, because
/// that policy cannot retry DEADLINE_EXCEEDED (its deadline covers all attempts together).
/// </para>
/// <para>
/// <b>Errors.</b> Every failure surfaces as <see cref="RpcException"/>; see <see cref="IAgentMemoryClient"/>.
/// </para>
/// </remarks>
public sealed class AgentMemoryClient : IAgentMemoryClient, IDisposable
{
    private readonly MemoryService.MemoryServiceClient _grpc;
    private readonly AgentMemoryClientOptions _options;
    private readonly GrpcChannel? _ownedChannel;
    private readonly string? _authorization;

    /// <summary>Creates a client over an existing generated gRPC client (dependency injection uses this).</summary>
    /// <param name="grpcClient">The generated client whose channel the calls go through.</param>
    /// <param name="options">Deadline, retry and API key settings.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public AgentMemoryClient(MemoryService.MemoryServiceClient grpcClient, AgentMemoryClientOptions options)
        : this(grpcClient, options, ownedChannel: null)
    {
    }

    private AgentMemoryClient(MemoryService.MemoryServiceClient grpcClient, AgentMemoryClientOptions options, GrpcChannel? ownedChannel)
    {
        ArgumentNullException.ThrowIfNull(grpcClient);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _grpc = grpcClient;
        _options = options;
        _ownedChannel = ownedChannel;
        _authorization = string.IsNullOrEmpty(options.ApiKey) ? null : "Bearer " + options.ApiKey;
    }

    /// <summary>The generated gRPC client underneath, for calls this class does not wrap (no deadline, key or retry is added to them).</summary>
    public MemoryService.MemoryServiceClient GrpcClient => _grpc;

    /// <summary>Creates a client with its own channel to <see cref="AgentMemoryClientOptions.Address"/>.</summary>
    /// <param name="options">Address, API key, deadline and retry settings.</param>
    /// <returns>A client that owns its channel; dispose it to close the connections.</returns>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static AgentMemoryClient Create(AgentMemoryClientOptions options)
    {
        var channel = CreateChannel(options);
        return new AgentMemoryClient(new MemoryService.MemoryServiceClient(channel), options, channel);
    }

    /// <summary>
    /// The channel <see cref="Create(AgentMemoryClientOptions)"/> builds a client on, for a caller
    /// that wraps it first (an interceptor) and then builds the client over the generated client:
    /// <c>new AgentMemoryClient(new MemoryService.MemoryServiceClient(channel.Intercept(...)), options)</c>.
    /// </summary>
    /// <param name="options">Address and message size settings.</param>
    /// <returns>A channel the caller owns; dispose it to close the connections.</returns>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public static GrpcChannel CreateChannel(AgentMemoryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        return GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
        {
            HttpHandler = CreateHttpHandler(),
            MaxReceiveMessageSize = options.MaxReceiveMessageSize,
            DisposeHttpClient = true,
        });
    }

    /// <summary>Creates a client with its own channel.</summary>
    /// <param name="address">Address of the service, e.g. <c>http://127.0.0.1:50051</c>.</param>
    /// <param name="apiKey">The caller's API key, or null.</param>
    /// <returns>A client that owns its channel; dispose it to close the connections.</returns>
    public static AgentMemoryClient Create(string address, string? apiKey = null) =>
        Create(new AgentMemoryClientOptions { Address = address, ApiKey = apiKey });

    /// <summary>
    /// The HTTP handler the SDK's channels use: several HTTP/2 connections when one is saturated
    /// (above the server's concurrent-stream limit), keep-alive pings on idle connections.
    /// </summary>
    /// <returns>A new handler.</returns>
    public static SocketsHttpHandler CreateHttpHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <inheritdoc />
    public Task<RememberResponse> RememberAsync(string userId, IEnumerable<MemoryEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(events);
        // The request, idempotency keys included, is built once: every retry resends the same keys.
        var request = new RememberRequest { UserId = userId };
        foreach (var e in events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            request.Events.Add(e.ToProto());
        }

        return InvokeAsync(request, static (c, r, o) => c.RememberAsync(r, o), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RecallResponse> RecallAsync(string userId, string query, RecallOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(query);
        options ??= new RecallOptions();
        var request = new RecallRequest
        {
            UserId = userId,
            Query = query,
            K = options.K,
            Mode = options.Mode,
            TokenBudget = options.TokenBudget,
            IncludeInvalidated = options.IncludeInvalidated,
            ExpandTimeline = options.ExpandTimeline,
        };
        if (options.Filter is not null)
        {
            request.Filter = options.Filter.ToProto();
        }

        if (options.AsOf is { } asOf)
        {
            request.AsOf = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(asOf);
        }

        return InvokeAsync(request, static (c, r, o) => c.RecallAsync(r, o), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Memory>> GetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(ids);
        var request = new GetRequest { UserId = userId };
        request.Ids.Add(ids);
        var response = await InvokeAsync(request, static (c, r, o) => c.GetAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Memories;
    }

    /// <inheritdoc />
    public Task<ListResponse> ListAsync(string userId, ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return InvokeAsync(BuildListRequest(userId, options, options?.PageToken), static (c, r, o) => c.ListAsync(r, o), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Memory> ListAllAsync(string userId, ListOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var token = options?.PageToken;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await InvokeAsync(BuildListRequest(userId, options, token), static (c, r, o) => c.ListAsync(r, o), cancellationToken).ConfigureAwait(false);
            foreach (var memory in page.Memories)
            {
                yield return memory;
            }

            token = page.NextPageToken;
            // Stop at the last page, and never loop forever on a token the service hands back twice.
            if (string.IsNullOrEmpty(token) || !seen.Add(token))
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> ForgetAsync(string userId, IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(ids);
        var memoryIds = new MemoryIds();
        memoryIds.Ids.Add(ids);
        var response = await InvokeAsync(new ForgetRequest { UserId = userId, Ids = memoryIds }, static (c, r, o) => c.ForgetAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Removed;
    }

    /// <inheritdoc />
    public async Task<long> ForgetByFilterAsync(string userId, MemoryFilterOptions filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(filter);
        var response = await InvokeAsync(new ForgetRequest { UserId = userId, Filter = filter.ToProto() }, static (c, r, o) => c.ForgetAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Removed;
    }

    /// <inheritdoc />
    public async Task<long> ForgetUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var response = await InvokeAsync(new ForgetRequest { UserId = userId, WholeUser = true }, static (c, r, o) => c.ForgetAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Removed;
    }

    /// <inheritdoc />
    public async Task<bool> FlushAsync(string userId, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var wait = timeout ?? TimeSpan.FromSeconds(30);
        var request = new FlushRequest { UserId = userId, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(wait) };

        // The attempt's deadline must outlast the wait, or a slow flush would read as DEADLINE_EXCEEDED.
        var response = await InvokeAsync(request, static (c, r, o) => c.FlushAsync(r, o), cancellationToken, wait + _options.DefaultDeadline).ConfigureAwait(false);
        return response.CaughtUp;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string userId, string memoryId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(memoryId);
        var response = await InvokeAsync(new HistoryRequest { UserId = userId, MemoryId = memoryId }, static (c, r, o) => c.HistoryAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Entries;
    }

    /// <inheritdoc />
    public Task<TimelineResponse> TimelineOfEntityAsync(string userId, string entity, int limit = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(entity);
        return InvokeAsync(new TimelineRequest { UserId = userId, Entity = entity, Limit = limit }, static (c, r, o) => c.TimelineAsync(r, o), cancellationToken);
    }

    /// <inheritdoc />
    public Task<TimelineResponse> TimelineOfMemoryAsync(string userId, string memoryId, int limit = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(memoryId);
        return InvokeAsync(new TimelineRequest { UserId = userId, MemoryId = memoryId, Limit = limit }, static (c, r, o) => c.TimelineAsync(r, o), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Memory> MergeAsync(string userId, IEnumerable<string> ids, string? text = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(ids);
        var request = new MergeRequest { UserId = userId, Text = text ?? string.Empty };
        request.Ids.Add(ids);
        var response = await InvokeAsync(request, static (c, r, o) => c.MergeAsync(r, o), cancellationToken).ConfigureAwait(false);
        return response.Memory;
    }

    /// <inheritdoc />
    public async Task<Memory> CloseSessionAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(sessionId);
        var response = await InvokeAsync(new CloseSessionRequest { UserId = userId, SessionId = sessionId }, static (c, r, o) => c.CloseSessionAsync(r, o), cancellationToken, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return response.Summary;
    }

    /// <summary>Closes the channel when this client created it; a client from dependency injection has nothing to close.</summary>
    public void Dispose() => _ownedChannel?.Dispose();

    /// <summary>Whether a failed attempt with this status is tried again (see the retry policy in the remarks).</summary>
    /// <param name="code">The status of the failed attempt.</param>
    /// <returns>True for <see cref="StatusCode.Unavailable"/> and <see cref="StatusCode.DeadlineExceeded"/>.</returns>
    public static bool IsRetryable(StatusCode code) => code is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static ListRequest BuildListRequest(string userId, ListOptions? options, string? pageToken)
    {
        var request = new ListRequest
        {
            UserId = userId,
            PageSize = options?.PageSize ?? 0,
            PageToken = pageToken ?? string.Empty,
        };
        if (options?.Filter is not null)
        {
            request.Filter = options.Filter.ToProto();
        }

        return request;
    }

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        TRequest request,
        Func<MemoryService.MemoryServiceClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> call,
        CancellationToken cancellationToken,
        TimeSpan? deadline = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw Cancelled();
            }

            Metadata? headers = null;
            if (_authorization is not null)
            {
                headers = new Metadata { { "authorization", _authorization } };
            }

            var callOptions = new CallOptions(headers, DateTime.UtcNow + (deadline ?? _options.DefaultDeadline), cancellationToken);
            try
            {
                using var pending = call(_grpc, request, callOptions);
                return await pending.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException ex) when (attempt < _options.MaxRetries && IsRetryable(ex.StatusCode) && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw Cancelled();
                }
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxBackoff.TotalMilliseconds, _options.InitialBackoff.TotalMilliseconds * Math.Pow(2, attempt));
        // Equal jitter: half fixed, half random, so many clients that failed together do not retry in step.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private static RpcException Cancelled() => new(new Status(StatusCode.Cancelled, "The call was cancelled by the caller."));
}
