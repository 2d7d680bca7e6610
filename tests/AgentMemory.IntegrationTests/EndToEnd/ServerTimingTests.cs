using System.Diagnostics;
using System.Globalization;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Protocol.V1;
using Grpc.Core;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>
/// The service tells a caller that asks how long it spent on a call (the load generator's
/// latency at the server), in a Server-Timing trailer; callers that do not ask get none.
/// </summary>
public sealed class ServerTimingTests(ServerFixture server)
{
    private MemoryService.MemoryServiceClient Grpc => server.Client.GrpcClient;

    [Fact]
    public async Task A_call_that_asks_gets_the_servers_time_no_longer_than_the_clients()
    {
        var user = "timing-" + Guid.NewGuid().ToString("N")[..10];
        var remember = new RememberRequest { UserId = user };
        remember.Events.Add(new Event { Text = "Caroline went to the support group on Monday.", Speaker = "Caroline", SessionId = "s1" });
        await Grpc.RememberAsync(remember, deadline: DateTime.UtcNow.AddSeconds(30));

        var started = Stopwatch.GetTimestamp();
        using var call = Grpc.RecallAsync(
            new RecallRequest { UserId = user, Query = "support group", K = 5 },
            headers: new Metadata { { "am-server-timing", "1" } },
            deadline: DateTime.UtcNow.AddSeconds(30));
        var response = await call.ResponseAsync;
        var atClient = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        Assert.NotEmpty(response.Memories);
        var value = call.GetTrailers().GetValue("server-timing");
        Assert.NotNull(value);
        Assert.StartsWith("app;dur=", value);
        var atServer = double.Parse(value["app;dur=".Length..], CultureInfo.InvariantCulture);
        Assert.InRange(atServer, 0.001, atClient);
    }

    [Fact]
    public async Task A_call_that_does_not_ask_gets_no_timing()
    {
        using var call = Grpc.RecallAsync(
            new RecallRequest { UserId = "timing-" + Guid.NewGuid().ToString("N")[..10], Query = "anything", K = 5 },
            deadline: DateTime.UtcNow.AddSeconds(30));
        await call.ResponseAsync;

        Assert.Null(call.GetTrailers().GetValue("server-timing"));
    }
}
