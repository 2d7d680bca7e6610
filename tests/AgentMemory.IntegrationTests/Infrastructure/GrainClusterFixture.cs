using AgentMemory.Derivation;
using AgentMemory.Grains;
using AgentMemory.Inference;
using AgentMemory.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// An Orleans test cluster (one silo) whose grains use the real storage and the built-in CPU
/// embedder, migrated into a schema private to one test class.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    public const int MaxMemoriesPerUser = 50;

    private InProcessTestCluster? _cluster;

    public string Schema { get; } = TestDatabase.NewSchemaName("grains");

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("Not initialized.");

    public IGrainFactory Grains => Cluster.Client;

    public IServiceProvider SiloServices => Cluster.GetSiloServiceProvider(Cluster.Silos[0].SiloAddress);

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AgentMemory:Storage:ConnectionString"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = Schema,
            ["AgentMemory:Limits:MaxMemoriesPerUser"] = MaxMemoriesPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _cluster = Build(settings);
        await _cluster.DeployAsync();
    }

    /// <summary>A one-silo cluster with the service's grains, storage, inference and derivation, configured by <paramref name="settings"/>.</summary>
    public static InProcessTestCluster Build(Dictionary<string, string?> settings)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddAgentMemoryInference(host.Configuration);
            host.Services.AddAgentMemoryStorage(host.Configuration);
            host.Services.AddAgentMemoryDerivation(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => silo.UseInMemoryReminderService().AddAgentMemoryGrains(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        await TestDatabase.DropSchemaAsync(Schema);
    }
}
