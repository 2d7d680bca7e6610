namespace AgentMemory.Inference;

/// <summary>Names to register with OpenTelemetry so sidecar calls show up as spans and metrics.</summary>
public static class InferenceTelemetry
{
    /// <summary>Activity source of the Microsoft.Extensions.AI <c>UseOpenTelemetry()</c> middleware (gen_ai.* spans).</summary>
    public const string ActivitySourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Meter of the same middleware (gen_ai.client.operation.duration, gen_ai.client.token.usage).</summary>
    public const string MeterName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Activity source of the underlying HttpClient calls.</summary>
    public const string HttpActivitySourceName = "System.Net.Http";

    /// <summary>All activity sources inference emits, for <c>AddSource(...)</c>.</summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = [ActivitySourceName, HttpActivitySourceName];
}
