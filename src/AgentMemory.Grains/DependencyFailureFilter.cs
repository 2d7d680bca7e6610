using AgentMemory.Abstractions;
using AgentMemory.Inference;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentMemory.Grains;

/// <summary>
/// Turns failures of the service's dependencies inside memory grains into <see cref="DependencyUnavailableException"/>
/// (gRPC UNAVAILABLE, safe to retry) so that driver and client exception types never cross the grain
/// boundary and callers can tell "try again" from "this is a bug": transient PostgreSQL failures, and the
/// inference sidecar failing a derivation step that a call runs in line (Flush, closing a session).
/// </summary>
internal sealed class DependencyFailureFilter(ILogger<DependencyFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (NpgsqlException ex) when (ex.IsTransient || ex.InnerException is System.Net.Sockets.SocketException or TimeoutException)
        {
            logger.LogWarning(ex, "PostgreSQL unavailable during {Method} on {Grain}", context.MethodName, context.TargetId);
            throw new DependencyUnavailableException($"The memory store is unavailable: {ex.Message}");
        }
        catch (InferenceUnavailableException ex)
        {
            logger.LogWarning(ex, "The inference sidecar failed during {Method} on {Grain}", context.MethodName, context.TargetId);
            throw new DependencyUnavailableException($"The inference sidecar failed: {ex.Message}");
        }
    }
}
