using AgentMemory.Abstractions;
using AgentMemory.Derivation;
using AgentMemory.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMemory.Grains;

/// <summary>
/// At silo start, wakes the grains of users whose derivation a crash interrupted: activation
/// sees the watermark behind the episodes and resumes, without waiting for the user's next call.
/// </summary>
internal sealed class DerivationResumer(MemoryStore store, IGrainFactory grains, IOptions<DerivationOptions> options, ILogger<DerivationResumer> logger)
{
    private const int MaxUsersPerStart = 10_000;

    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var users = await store.ListUsersWithPendingDerivationAsync(MaxUsersPerStart, cancellationToken);
        foreach (var scope in users)
        {
            await grains.GetGrain<IUserMemoryGrain>(scope.ToGrainKey()).GetStatistics();
        }

        if (users.Count > 0)
        {
            logger.LogInformation("Resumed derivation for {Count} users", users.Count);
        }
    }
}
