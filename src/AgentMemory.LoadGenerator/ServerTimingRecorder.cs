using AgentMemory.Tooling;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AgentMemory.LoadGenerator;

/// <summary>
/// Asks the service for its own time on every unary call (<see cref="ServerTiming"/>) and leaves
/// it in the calling worker's <see cref="ServerTimingSlot"/>, so that the load generator reports
/// latency at the server, where DESIGN.md states the targets, beside its own.
/// </summary>
/// <remarks>
/// The SDK makes the gRPC call inside its own methods, so a worker cannot hand a slot to the call;
/// it registers one for its async flow (<see cref="Track"/>) and, since each worker makes one call
/// at a time, reads it after every call.
/// </remarks>
internal sealed class ServerTimingRecorder : Interceptor
{
    private static readonly AsyncLocal<ServerTimingSlot?> CurrentSlot = new();

    /// <summary>Registers a slot for the calls the current async flow makes from now on.</summary>
    public static ServerTimingSlot Track() => CurrentSlot.Value = new ServerTimingSlot();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        // A copy: the caller's metadata is its own.
        var headers = new Metadata();
        foreach (var entry in context.Options.Headers ?? [])
        {
            headers.Add(entry);
        }

        headers.Add(ServerTiming.RequestHeader, "1");
        var call = continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers)));
        var slot = CurrentSlot.Value;
        return slot is null
            ? call
            : new AsyncUnaryCall<TResponse>(ReadTimingAsync(call, slot), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static async Task<TResponse> ReadTimingAsync<TResponse>(AsyncUnaryCall<TResponse> call, ServerTimingSlot slot)
    {
        slot.Milliseconds = null;
        var response = await call.ResponseAsync.ConfigureAwait(false);
        slot.Milliseconds = ServerTiming.TryParse(call.GetTrailers().GetValue(ServerTiming.Trailer), out var milliseconds) ? milliseconds : null;
        return response;
    }
}
