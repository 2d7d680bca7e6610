using AgentMemory.Abstractions;
using AgentMemory.Server.Hosting;
using Grpc.Core;
using V1 = AgentMemory.Protocol.V1;

namespace AgentMemory.Server.Grpc;

/// <summary>
/// The public API: validates and maps each request, then calls the caller's user grain.
/// All behaviour lives in the grain; failures are mapped by <see cref="ExceptionMappingInterceptor"/>.
/// </summary>
internal sealed class MemoryGrpcService(UserGrainReferences grains, CallerTenantResolver tenants, MemoryRequestMapper mapper)
    : V1.MemoryService.MemoryServiceBase
{
    public override async Task<V1.RememberResponse> Remember(V1.RememberRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var episodes = mapper.ToEpisodes(request);
        var results = await grain.Remember(episodes, context.CancellationToken);
        var response = new V1.RememberResponse();
        foreach (var r in results)
        {
            response.Results.Add(new V1.RememberedEvent { MemoryId = r.MemoryId.ToString(), IdempotencyKey = r.IdempotencyKey, Deduplicated = r.Deduplicated });
        }

        return response;
    }

    public override async Task<V1.RecallResponse> Recall(V1.RecallRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var query = mapper.ToRecallQuery(request);
        return MemoryRequestMapper.ToMessage(await grain.Recall(query, context.CancellationToken));
    }

    public override async Task<V1.GetResponse> Get(V1.GetRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var ids = mapper.ToIds(request.UserId, request.Ids, "ids");
        var response = new V1.GetResponse();
        foreach (var record in await grain.Get(ids, context.CancellationToken))
        {
            response.Memories.Add(MemoryRequestMapper.ToMessage(record));
        }

        return response;
    }

    public override async Task<V1.ListResponse> List(V1.ListRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var page = await grain.List(mapper.ToListQuery(request), context.CancellationToken);
        var response = new V1.ListResponse { NextPageToken = page.NextPageToken ?? string.Empty };
        foreach (var record in page.Memories)
        {
            response.Memories.Add(MemoryRequestMapper.ToMessage(record));
        }

        return response;
    }

    public override async Task<V1.ForgetResponse> Forget(V1.ForgetRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var (ids, filter) = mapper.ToForgetTarget(request);
        var removed = ids is not null ? await grain.ForgetIds(ids, context.CancellationToken)
            : filter is not null ? await grain.ForgetMatching(filter, context.CancellationToken)
            : await grain.ForgetUser(context.CancellationToken);
        return new V1.ForgetResponse { Removed = removed };
    }

    public override async Task<V1.HistoryResponse> History(V1.HistoryRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var id = mapper.ToMemoryId(request.UserId, request.MemoryId, "memory_id");
        var response = new V1.HistoryResponse();
        response.Entries.AddRange((await grain.History(id, context.CancellationToken)).Select(MemoryRequestMapper.ToMessage));
        return response;
    }

    public override async Task<V1.TimelineResponse> Timeline(V1.TimelineRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        return MemoryRequestMapper.ToMessage(await grain.Timeline(mapper.ToTimelineQuery(request), context.CancellationToken));
    }

    public override async Task<V1.MergeResponse> Merge(V1.MergeRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var (ids, text) = mapper.ToMerge(request);
        return new V1.MergeResponse { Memory = MemoryRequestMapper.ToMessage(await grain.Merge(ids, text, context.CancellationToken)) };
    }

    public override async Task<V1.CloseSessionResponse> CloseSession(V1.CloseSessionRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var sessionId = mapper.ToSessionId(request);
        var summary = await grain.CloseSession(sessionId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Session '{sessionId}' has no memories for this user."));
        return new V1.CloseSessionResponse { Summary = MemoryRequestMapper.ToMessage(summary) };
    }

    public override async Task<V1.FlushResponse> Flush(V1.FlushRequest request, ServerCallContext context)
    {
        var grain = UserGrain(request.UserId, context);
        var timeout = mapper.ToFlushTimeout(request, context.Deadline);
        return new V1.FlushResponse { CaughtUp = await grain.Flush(timeout, context.CancellationToken) };
    }

    private IUserMemoryGrain UserGrain(string userId, ServerCallContext context)
    {
        // Authenticate first: an unauthenticated caller learns nothing, not even which field is wrong.
        var tenant = tenants.Resolve(context);
        var scope = new UserScope(tenant, mapper.CheckedUserId(userId));
        return grains.For(scope);
    }
}
