namespace AgentMemory.Server.Hosting;

/// <summary>What the service records for OpenTelemetry. Bound from <c>AgentMemory:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "AgentMemory:Telemetry";

    /// <summary>
    /// Record traces: true or false; unset (the default) records them when they are exported, that is when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    /// <remarks>
    /// Spans nobody receives are not free: with tracing on, every recall builds the gRPC server span, the grain
    /// call's client and server spans and the service's own, with their tags, and drops them. The load generator
    /// measured about 12 % more recalls per second without them (docs/benchmarks.md). An in-process
    /// <see cref="System.Diagnostics.ActivityListener"/> still sees every span, since the sources are there either way.
    /// </remarks>
    public bool? Tracing { get; set; }

    /// <summary>Whether traces are recorded under this configuration.</summary>
    public static bool TracingEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(SectionName).Get<TelemetryOptions>()?.Tracing
            ?? !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }
}
