using AgentMemory.Client;
using AgentMemory.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentMemory.IntegrationTests.Infrastructure;

/// <summary>
/// The real service, composed exactly as Program.cs composes it (Kestrel with h2c, the
/// co-hosted silo, PostgreSQL storage in a private schema, the CPU embedder), reached over
/// a real gRPC channel through the SDK.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private AgentMemoryClient? _client;

    public string Schema { get; } = TestDatabase.NewSchemaName(nameof(ServerFixture));

    public string GrpcAddress { get; private set; } = string.Empty;

    public string HttpAddress { get; private set; } = string.Empty;

    public AgentMemoryClient Client => _client ?? throw new InvalidOperationException("Not started.");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Not started.");

    /// <summary>Extra settings a derived fixture layers over the defaults.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>The API key the fixture's SDK client sends, if any.</summary>
    protected virtual string? ClientApiKey => null;

    public async ValueTask InitializeAsync()
    {
        var grpcPort = LoopbackPort.Free();
        var httpPort = LoopbackPort.Free();
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        HttpAddress = $"http://127.0.0.1:{httpPort}";

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:AgentMemory"] = TestDatabase.ConnectionString,
            ["AgentMemory:Storage:Schema"] = Schema,
            ["AgentMemory:Orleans:SiloPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentMemory:Orleans:GatewayPort"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentMemory:Orleans:ClusterId"] = Schema,
            ["Kestrel:Endpoints:Grpc:Url"] = GrpcAddress,
            ["Kestrel:Endpoints:Grpc:Protocols"] = "Http2",
            ["Kestrel:Endpoints:Http:Url"] = HttpAddress,
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["AgentMemory:Limits:MaxEventsPerRemember"] = "50",
            ["AgentMemory:Limits:MaxTextLength"] = "2000",
            ["AgentMemory:Limits:MaxMemoriesPerUser"] = "500",
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddAgentMemoryServer();

        _app = builder.Build();
        _app.MapAgentMemoryEndpoints();
        await _app.StartAsync();

        _client = AgentMemoryClient.Create(new AgentMemoryClientOptions { Address = GrpcAddress, ApiKey = ClientApiKey, MaxRetries = 0 });
    }

    /// <summary>Remembers the events and waits until derivation has caught up, so facts and the graph are there.</summary>
    public async Task<AgentMemory.Protocol.V1.RememberResponse> RememberAndFlushAsync(string user, IReadOnlyList<MemoryEvent> events)
    {
        var stored = await Client.RememberAsync(user, events);
        var flush = await Client.GrpcClient.FlushAsync(new AgentMemory.Protocol.V1.FlushRequest
        {
            UserId = user,
            Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
        });
        Xunit.Assert.True(flush.CaughtUp, $"derivation for {user} did not catch up in 30 s");
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await TestDatabase.DropSchemaAsync(Schema);
        GC.SuppressFinalize(this);
    }
}
