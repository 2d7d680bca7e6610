using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>A server that requires API keys; the tenant comes from the key, never the request.</summary>
public sealed class ApiKeyServerFixture : ServerFixture
{
    public const string TenantAKey = "key-for-tenant-a-0123456789";
    public const string TenantBKey = "key-for-tenant-b-0123456789";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("AgentMemory:Auth:ApiKeys:0:Key", TenantAKey),
        new("AgentMemory:Auth:ApiKeys:0:Tenant", "tenant-a"),
        new("AgentMemory:Auth:ApiKeys:1:Key", TenantBKey),
        new("AgentMemory:Auth:ApiKeys:1:Tenant", "tenant-b"),
    ];

    protected override string? ClientApiKey => TenantAKey;
}

public sealed class AuthenticationTests(ApiKeyServerFixture server) : IClassFixture<ApiKeyServerFixture>
{
    [Fact]
    public async Task A_call_without_a_key_is_unauthenticated()
    {
        using var anonymous = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = server.GrpcAddress, MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() => anonymous.RecallAsync("someone", "anything"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_call_with_an_unknown_key_is_unauthenticated()
    {
        using var stranger = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = server.GrpcAddress, ApiKey = "not-a-configured-key-at-all", MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() => stranger.RememberAsync("someone", [new MemoryEvent("x")]));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Two_tenants_with_the_same_user_id_never_see_each_other()
    {
        using var tenantB = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = server.GrpcAddress, ApiKey = ApiKeyServerFixture.TenantBKey, MaxRetries = 0 });
        const string SharedUserId = "alice";

        await server.Client.RememberAsync(SharedUserId, [new MemoryEvent("tenant A knows Alice likes jazz")]);
        await tenantB.RememberAsync(SharedUserId, [new MemoryEvent("tenant B knows Alice likes opera")]);
        var episodes = new RecallOptions { Filter = new MemoryFilterOptions { Kinds = [AgentMemory.Protocol.V1.MemoryKind.Episodic] } };
        var seenByA = await server.Client.RecallAsync(SharedUserId, "what music does Alice like", episodes);
        var seenByB = await tenantB.RecallAsync(SharedUserId, "what music does Alice like", episodes);

        Assert.Equal(["tenant A knows Alice likes jazz"], seenByA.Memories.Select(m => m.Memory.Text));
        Assert.Equal(["tenant B knows Alice likes opera"], seenByB.Memories.Select(m => m.Memory.Text));
    }
}
