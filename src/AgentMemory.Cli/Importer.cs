using AgentMemory.Client;
using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli;

/// <summary>Sends events to the service in batches and counts what was new and what was deduplicated.</summary>
internal static class Importer
{
    public const int DefaultBatchSize = 200;

    public sealed record Result(int New, int Deduplicated, IReadOnlyList<RememberedEvent> Remembered);

    public static async Task<Result> ImportAsync(
        IAgentMemoryClient client,
        string userId,
        IReadOnlyList<MemoryEvent> events,
        int batchSize,
        Action<int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var remembered = new List<RememberedEvent>(events.Count);
        int fresh = 0, duplicates = 0;
        for (var offset = 0; offset < events.Count; offset += batchSize)
        {
            var batch = events.Skip(offset).Take(batchSize).ToList();
            var response = await client.RememberAsync(userId, batch, cancellationToken).ConfigureAwait(false);
            if (response.Results.Count != batch.Count)
            {
                throw new InvalidOperationException($"The service answered {response.Results.Count} results for {batch.Count} events.");
            }

            foreach (var result in response.Results)
            {
                if (result.Deduplicated)
                {
                    duplicates++;
                }
                else
                {
                    fresh++;
                }

                remembered.Add(result);
            }

            progress?.Invoke(remembered.Count);
        }

        return new Result(fresh, duplicates, remembered);
    }
}
