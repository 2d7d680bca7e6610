using System.Diagnostics;
using AgentMemory.Tooling;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AgentMemory.Server.Grpc;

/// <summary>
/// Tells a caller that asks (<see cref="ServerTiming.RequestHeader"/>) how long the service spent
/// on its call, in a <see cref="ServerTiming.Trailer"/> trailer: from the handler's start, after
/// the request is read, to the reply, before it is written. The load generator asks, to report
/// latency at the server beside its own. Callers that do not ask pay one header lookup.
/// </summary>
internal sealed class ServerTimingInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        context.RequestHeaders.Get(ServerTiming.RequestHeader) is null
            ? continuation(request, context)
            : TimedAsync(request, context, continuation);

    private static async Task<TResponse> TimedAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        var response = await continuation(request, context);
        context.ResponseTrailers.Add(ServerTiming.Trailer, ServerTiming.Format(Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        return response;
    }
}
