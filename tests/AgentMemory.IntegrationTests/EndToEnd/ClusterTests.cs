using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Microsoft.Extensions.Configuration;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// Two service processes joined as one Orleans cluster through the membership table in PostgreSQL
/// (AgentMemory:Orleans:Clustering = PostgreSQL): a user is one grain, whichever silo a call enters.
/// </summary>
public sealed class ClusterTests() : PrivateSchemaTests("cluster")
{
    private static readonly DateTimeOffset T0 = new(2024, 4, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Two_silos_on_one_schema_form_one_cluster_and_serve_each_user_from_one_grain()
    {
        // Loopback, so the test needs no network interface but the one every machine has.
        var clustered = new Dictionary<string, string> { ["AgentMemory:Orleans:Clustering"] = "PostgreSQL", ["AgentMemory:Orleans:AdvertisedAddress"] = "127.0.0.1" };
        await using var first = await ServerProcess.StartAsync(Schema, clustered);
        await using var second = await ServerProcess.StartAsync(Schema, clustered);
        using var viaFirst = AgentMemoryClient.Create(first.GrpcAddress);
        using var viaSecond = AgentMemoryClient.Create(second.GrpcAddress);
        const string User = "clustered-user";

        var active = await WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));

        // Each write enters through one silo and is read at once through the other. Were there an
        // activation per silo, the first silo's index would never see the second write.
        await viaFirst.RememberAsync(User, [new MemoryEvent("Caroline: I adopted a dog named Biscuit.") { SessionId = "s1", EventTime = T0 }]);
        var seenBySecond = await viaSecond.RecallAsync(User, "dog Biscuit", new RecallOptions { K = 5, Filter = Episodes });
        await viaSecond.RememberAsync(User, [new MemoryEvent("Caroline: Biscuit learned to swim in the lake.") { SessionId = "s1", EventTime = T0.AddMinutes(1) }]);
        var seenByFirst = await viaFirst.RecallAsync(User, "Biscuit swim lake dog", new RecallOptions { K = 5, Filter = Episodes });

        // Losing a silo loses no memory. The user's grain lives on the first or the second silo, so of
        // the two kills below (a third silo joins in between) one takes it down for certain; each time
        // a survivor answers with everything, reloading the user from PostgreSQL where it must.
        await first.KillAsync();
        var afterFirstLoss = await RecallUntilAnsweredAsync(viaSecond, User, TimeSpan.FromSeconds(120));
        await using var third = await ServerProcess.StartAsync(Schema, clustered);
        using var viaThird = AgentMemoryClient.Create(third.GrpcAddress);
        await second.KillAsync();
        var afterSecondLoss = await RecallUntilAnsweredAsync(viaThird, User, TimeSpan.FromSeconds(120));

        Assert.Equal(2, active);
        Assert.Equal(2, afterFirstLoss.Memories.Count);
        Assert.Equal(2, afterSecondLoss.Memories.Count);
        Assert.Equal(["Caroline: I adopted a dog named Biscuit."], seenBySecond.Memories.Select(m => m.Memory.Text));
        Assert.Equal(
            ["Caroline: Biscuit learned to swim in the lake.", "Caroline: I adopted a dog named Biscuit."],
            seenByFirst.Memories.Select(m => m.Memory.Text).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Recall through a silo until the cluster has declared the lost silo dead and the call is
    /// answered (until then it fails or times out, and the SDK's own retries are few).
    /// </summary>
    private static async Task<RecallResponse> RecallUntilAnsweredAsync(AgentMemoryClient client, string user, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await client.RecallAsync(user, "Biscuit swim lake dog", new RecallOptions { K = 5, Filter = Episodes });
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    [Theory]
    [InlineData("silo-1.internal")]
    [InlineData("256.0.0.1")]
    public void An_advertised_address_that_is_not_an_ip_address_stops_the_service_naming_the_setting(string address)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Orleans:Clustering"] = "PostgreSQL",
            ["AgentMemory:Orleans:AdvertisedAddress"] = address,
        });

        var error = Assert.Throws<InvalidOperationException>(() => AgentMemory.Server.Hosting.AgentMemoryServerExtensions.AddAgentMemoryServer(builder));

        Assert.Contains("AgentMemory:Orleans:AdvertisedAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    private static readonly MemoryFilterOptions Episodes = new() { Kinds = [MemoryKind.Episodic] };

    /// <summary>Silos marked Active (3) in the membership table, once there are <paramref name="wanted"/> or the time is up.</summary>
    private async Task<long> WaitForActiveSilosAsync(int wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long active;
        while ((active = await TestDatabase.ScalarAsync<long>(Schema, "SELECT count(*) FROM orleans_membership WHERE status = 3")) < wanted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        return active;
    }
}
