using AgentMemory.Grains;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AgentMemory.Server.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs; OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Traces are
/// recorded only when exported, unless <see cref="TelemetryOptions.Tracing"/> says otherwise.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Activity sources traced: the service's own, Orleans grain calls, Npgsql and Microsoft.Extensions.AI (sidecar calls).</summary>
    public static readonly string[] TracedSources =
    [
        MemoryTelemetry.Name,
        "Microsoft.Orleans.Runtime",
        "Microsoft.Orleans.Application",
        "Npgsql",
        "Experimental.Microsoft.Extensions.AI",
    ];

    public static IServiceCollection AddAgentMemoryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: "agentmemory", serviceInstanceId: Environment.MachineName));
        if (TelemetryOptions.TracingEnabled(configuration))
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(TracedSources));
        }

        otel.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation()
            .AddNpgsqlInstrumentation()
            .AddMeter(MemoryTelemetry.Name, "Microsoft.Orleans", "Experimental.Microsoft.Extensions.AI"))
            .WithLogging();

        // The exporter reads every OTEL_* variable itself (endpoint, protocol, headers, service name).
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }
}
