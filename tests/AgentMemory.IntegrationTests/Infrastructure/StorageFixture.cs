using AgentMemory.Inference;
using AgentMemory.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>Storage wired as the server wires it, migrated into a schema private to one test class.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    public string Schema { get; } = TestDatabase.NewSchemaName("storage");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    public MemoryStore Store => Services.GetRequiredService<MemoryStore>();

    public SchemaMigrator Migrator => Services.GetRequiredService<SchemaMigrator>();

    public IEmbeddingGenerator<string, Embedding<float>> Embedder => Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

    public async ValueTask InitializeAsync()
    {
        _services = BuildServices(Schema);
        await Migrator.MigrateAsync(384, CancellationToken.None);
    }

    public static ServiceProvider BuildServices(string schema, int dimensions = 384)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Storage:ConnectionString"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = schema,
            ["AgentMemory:Inference:EmbeddingDimensions"] = dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAgentMemoryInference(configuration);
        services.AddAgentMemoryStorage(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await TestDatabase.DropSchemaAsync(Schema);
    }
}
