using AgentMemory.Abstractions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentMemory.Grains;

/// <summary>
/// Turns transient PostgreSQL failures inside memory grains into <see cref="DependencyUnavailableException"/>
/// (gRPC UNAVAILABLE, safe to retry) so that driver exception types never cross the grain
/// boundary and callers can tell "try again" from "this is a bug".
/// </summary>
internal sealed class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
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
    }
}
