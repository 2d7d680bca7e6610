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
}
