using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMemory.Storage;

/// <summary>
/// Applies migrations when the host starts, before the silo takes calls (it is registered
/// ahead of Orleans). The vector column is sized from the embedder's own metadata, so the
/// schema cannot silently disagree with the model that fills it.
/// </summary>
internal sealed class StorageInitializer(
    SchemaMigrator migrator,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<StorageOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ApplyMigrationsOnStart)
        {
            logger.LogInformation("Migrations are off (AgentMemory:Storage:ApplyMigrationsOnStart=false)");
            return;
        }

        var dimensions = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions
            ?? throw new InvalidOperationException("The embedding generator does not report its dimensions (EmbeddingGeneratorMetadata.DefaultModelDimensions).");
        var applied = await migrator.MigrateAsync(dimensions, cancellationToken);
        logger.LogInformation("Storage schema {Schema} is current ({Applied} migrations applied now)", options.Value.Schema, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
