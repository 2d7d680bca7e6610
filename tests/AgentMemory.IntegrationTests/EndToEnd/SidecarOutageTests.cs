using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>A server whose embedding sidecar is down: nothing listens on its port.</summary>
public sealed class DeadSidecarServerFixture : ServerFixture
{
    public static readonly int DeadPort = ReserveDeadPort();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("AgentMemory:Inference:Endpoint", $"http://127.0.0.1:{DeadPort}/v1"),
        new("AgentMemory:Inference:EmbeddingModel", "bge-small"),
        new("AgentMemory:Inference:RequestTimeout", "00:00:01"),
        new("AgentMemory:Inference:MaxRetries", "1"),
        new("AgentMemory:Inference:RetryBaseDelay", "00:00:00.050"),
    ];

    private static int ReserveDeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SidecarOutageTests(DeadSidecarServerFixture server) : IClassFixture<DeadSidecarServerFixture>
{
    [Fact]
    public async Task Remember_during_a_sidecar_outage_is_unavailable_and_stores_nothing()
    {
        const string User = "outage-user";
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.RememberAsync(User, [new MemoryEvent("lost?") { IdempotencyKey = "k1" }]));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"127.0.0.1:{DeadSidecarServerFixture.DeadPort}", error.Status.Detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "the call must fail, not hang");
        Assert.Empty((await server.Client.ListAsync(User)).Memories);
    }

    [Fact]
    public async Task Recall_during_a_sidecar_outage_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => server.Client.RecallAsync("outage-user-2", "anything"));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("Embedding", error.Status.Detail);
    }

    [Fact]
    public async Task Lexical_recall_needs_no_embedding_and_still_answers()
    {
        var response = await server.Client.RecallAsync("outage-user-3", "anything", new RecallOptions { Mode = AgentMemory.Protocol.V1.RecallMode.Lexical });

        Assert.Empty(response.Memories);
    }
}
