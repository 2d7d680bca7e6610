using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentMemory.Grains;

/// <summary>
/// The service's own meter and activity source ("AgentMemory"): remember and recall latency
/// measured inside the grain (server-side, excluding the network), events remembered,
/// memories resident in hot grains, and failed gRPC calls.
/// </summary>
public sealed class MemoryTelemetry : IDisposable
{
    public const string Name = "AgentMemory";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;

    public MemoryTelemetry(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        RememberDuration = _meter.CreateHistogram<double>("agentmemory.remember.duration", "s", "Time to embed, store and index one Remember batch, in the grain.");
        RecallDuration = _meter.CreateHistogram<double>("agentmemory.recall.duration", "s", "Time to answer one Recall, in the grain.");
        ActivationDuration = _meter.CreateHistogram<double>("agentmemory.activation.duration", "s", "Time to load a user's hot index from PostgreSQL.");
        EventsRemembered = _meter.CreateCounter<long>("agentmemory.events.remembered", "{event}", "Events newly stored (deduplicated retries excluded).");
        MemoriesForgotten = _meter.CreateCounter<long>("agentmemory.memories.forgotten", "{memory}", "Rows removed by Forget.");
        HotMemories = _meter.CreateUpDownCounter<long>("agentmemory.memories.hot", "{memory}", "Memories resident in active grains.");
        ActiveUsers = _meter.CreateUpDownCounter<long>("agentmemory.users.active", "{user}", "Users with an active grain.");
        RpcFailures = _meter.CreateCounter<long>("agentmemory.rpc.failures", "{call}", "gRPC calls answered with a status other than OK, by method and status code.");
    }

    public Histogram<double> RememberDuration { get; }

    public Histogram<double> RecallDuration { get; }

    public Histogram<double> ActivationDuration { get; }

    public Counter<long> EventsRemembered { get; }

    public Counter<long> MemoriesForgotten { get; }

    public UpDownCounter<long> HotMemories { get; }

    public UpDownCounter<long> ActiveUsers { get; }

    /// <summary>
    /// ASP.NET Core's request metric reports every gRPC call as HTTP 200 whatever its status, so
    /// failures are counted here, tagged <c>rpc.method</c> and <c>rpc.grpc.status_code</c> (the
    /// numeric code, as OpenTelemetry's RPC conventions name it).
    /// </summary>
    public Counter<long> RpcFailures { get; }

    public void Dispose() => _meter.Dispose();
}
