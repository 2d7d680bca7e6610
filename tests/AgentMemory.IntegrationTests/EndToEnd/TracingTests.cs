using System.Collections.Concurrent;
using System.Diagnostics;
using AgentMemory.Client;
using AgentMemory.IntegrationTests.Infrastructure;
using AgentMemory.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AgentMemory.IntegrationTests.EndToEnd;

/// <summary>The service with traces recorded, as when they are exported (<c>AgentMemory:Telemetry:Tracing</c>).</summary>
public sealed class TracedServerFixture : ServerFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("AgentMemory:Telemetry:Tracing", "true")];
}

public sealed class TracingTests(TracedServerFixture server) : IClassFixture<TracedServerFixture>
{
    [Fact]
    public async Task A_remember_traces_grpc_grain_and_database_work_in_one_trace()
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

    [Fact]
    public void Traces_are_recorded_when_configured_so()
    {
        Assert.NotNull(server.Services.GetService<TracerProvider>());
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(null, "http://collector:4317", true)]
    [InlineData("false", "http://collector:4317", false)]
    [InlineData("true", null, true)]
    public void Traces_are_recorded_by_default_only_when_exported(string? tracing, string? otlpEndpoint, bool recorded)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentMemory:Telemetry:Tracing"] = tracing,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint,
        }).Build();

        Assert.Equal(recorded, TelemetryOptions.TracingEnabled(configuration));
    }
}

public sealed class UntracedServerTests(ServerFixture server)
{
    [Fact]
    public void Without_an_exporter_no_traces_are_recorded()
    {
        Assert.Null(server.Services.GetService<TracerProvider>());
    }
}
