using AgentMemory.Abstractions;
using AgentMemory.Grains;
using AgentMemory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AgentMemory.IntegrationTests.Grains;

/// <summary>
/// Memory-based shedding of hot users (AgentMemory:MemoryPressure) on a real silo: a limit set below
/// what any process uses puts the silo under pressure at once.
/// </summary>
public sealed class MemoryPressureSheddingTests
{
    private static readonly DateTimeOffset T0 = new(2024, 2, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_silo_under_memory_pressure_sheds_its_hot_users_and_a_shed_user_reloads_on_its_next_call()
    {
        var schema = TestDatabase.NewSchemaName("pressure");
        var cluster = GrainClusterFixture.Build(new Dictionary<string, string?>
        {
            ["AgentMemory:Storage:ConnectionString"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = schema,
            ["AgentMemory:Derivation:Enabled"] = "false",
            ["AgentMemory:MemoryPressure:LimitPercent"] = "0.02",
            ["AgentMemory:MemoryPressure:TargetPercent"] = "0.01",
            ["AgentMemory:MemoryPressure:PollingPeriod"] = "00:00:00.200",
        });
        try
        {
            await cluster.DeployAsync();
            var users = Enumerable.Range(0, 3).Select(i => cluster.Client.GetGrain<IUserMemoryGrain>(new UserScope("tenant-p", $"user-{i}-{Guid.NewGuid():N}").ToGrainKey())).ToList();
            foreach (var (user, i) in users.Select((u, i) => (u, i)))
            {
                await user.Remember([new NewEpisode($"note {i} about the blue kayak", "Sam", MemoryRole.User, "s1", T0.AddMinutes(i), "{}", "k" + i)]);
            }

            // The users are hot now (each Remember activated its grain), but how many are still hot by
            // the time they are counted is a race: any full collection in this test process can start
            // the shedding. So only the end state is asserted; idle collection (15 minutes) cannot
            // explain it, and with shedding off the three stay hot (checked when this test was written).
            var hotAfter = await WaitForHotUsersAsync(cluster.Client, atMost: 0, TimeSpan.FromSeconds(30));
            var recalled = await users[1].Recall(new RecallQuery("kayak", 5, new MemoryFilter([MemoryKind.Episodic], null, null, null), 500, RecallMode.Hybrid));
            var collection = cluster.GetSiloServiceProvider(cluster.Silos[0].SiloAddress).GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

            Assert.Equal(0, hotAfter);
            Assert.Equal("note 1 about the blue kayak", Assert.Single(recalled.Memories).Memory.Text);
            Assert.True(collection.EnableActivationSheddingOnMemoryPressure);
            Assert.Equal(0.02, collection.MemoryUsageLimitPercentage);
        }
        finally
        {
            await cluster.DisposeAsync();
            await TestDatabase.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("70", "70", "AgentMemory:MemoryPressure:TargetPercent must be below LimitPercent")]
    [InlineData("70", "80", "AgentMemory:MemoryPressure:TargetPercent must be below LimitPercent")]
    [InlineData("0", "0", "The field LimitPercent must be between")]
    [InlineData("101", "70", "The field LimitPercent must be between")]
    public void Limits_that_cannot_shed_are_rejected_at_start(string limit, string target, string expected)
    {
        var services = new ServiceCollection();
        var silo = new SiloBuilderForOptions(services);
        silo.AddAgentMemoryGrains(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:MemoryPressure:LimitPercent"] = limit,
            ["AgentMemory:MemoryPressure:TargetPercent"] = target,
        }).Build());
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MemoryPressureOptions>>().Value);

        Assert.Contains("Percent", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_users_are_shed_above_80_per_cent_down_to_70()
    {
        var defaults = new MemoryPressureOptions();

        Assert.True(defaults.ShedUsers);
        Assert.Equal(80, defaults.LimitPercent);
        Assert.Equal(70, defaults.TargetPercent);
    }

    /// <summary>The silo's user-memory grains, counted by the management grain.</summary>
    private static async Task<int> HotUsersAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(UserMemoryGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static async Task<int> WaitForHotUsersAsync(IGrainFactory grains, int atMost, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int hot;
        do
        {
            // Shedding acts only after a full collection since its last round, as Orleans checks.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            await Task.Delay(300);
            hot = await HotUsersAsync(grains);
        }
        while (hot > atMost && DateTime.UtcNow < deadline);

        return hot;
    }

    /// <summary>Just enough of a silo builder to run the grains' registration into a service collection.</summary>
    private sealed class SiloBuilderForOptions(IServiceCollection services) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = new ConfigurationBuilder().Build();
    }
}
