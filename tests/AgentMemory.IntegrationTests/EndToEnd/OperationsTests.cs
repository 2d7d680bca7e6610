using System.Collections.Concurrent;
using System.Diagnostics;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;

namespace AgentMemory.IntegrationTests.EndToEnd;

public sealed class OperationsTests(ServerFixture server)
{
    [Fact]
    public async Task Grpc_health_reports_serving_once_the_silo_and_database_are_up()
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var health = new Health.HealthClient(channel);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    public async Task Http_probes_answer_healthy(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.HttpAddress) };

        var response = await http.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Server_reflection_lists_the_memory_service()
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var reflection = new ServerReflection.ServerReflectionClient(channel);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains("agentmemory.v1.MemoryService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task A_recall_traces_grpc_grain_and_database_work_in_one_trace()
    {
        // Other test classes call the same server at the same time, and the server's span may
        // stop just after the reply reaches the client: so the call runs under a trace of the
        // test's own, whose id propagates over gRPC, and the spans are awaited, not assumed.
        using var testSource = new ActivitySource("AgentMemory.IntegrationTests");
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Npgsql" or "AgentMemory.IntegrationTests" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) || source.Name == "AgentMemory",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var user = "otel-" + Guid.NewGuid().ToString("N")[..12];

        ActivityTraceId traceId;
        using (var root = testSource.StartActivity("remember under test"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            await server.Client.RememberAsync(user, [new MemoryEvent("traced memory about sailing")]);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!spans.Any(s => s.TraceId == traceId && s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.Contains("Remember", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var sameTrace = spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Single(sameTrace, s => s.Source.Name == "Microsoft.AspNetCore" && s.DisplayName.Contains("Remember", StringComparison.Ordinal));
        Assert.Contains(sameTrace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(sameTrace, s => s.Source.Name == "Npgsql");
        Assert.Contains(sameTrace, s => s.Source.Name == "AgentMemory" && s.DisplayName == "agentmemory.activate");
    }
}
