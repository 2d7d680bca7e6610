using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Server.Hosting;

/// <summary>How the co-hosted silo joins its cluster. Bound from <c>AgentMemory:Orleans</c>.</summary>
public sealed class OrleansHostingOptions
{
    public const string SectionName = "AgentMemory:Orleans";

    [Required] public string ClusterId { get; set; } = "agentmemory";

    [Required] public string ServiceId { get; set; } = "agentmemory";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients (unused by the gRPC front end, which is co-hosted).</summary>
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;

    /// <summary>How long an idle user's grain (and its hot index) stays in memory.</summary>
    public TimeSpan IdleUserTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How silos find each other (default <see cref="ClusterMembership.Localhost"/>: one silo).</summary>
    [EnumDataType(typeof(ClusterMembership))] public ClusterMembership Clustering { get; set; } = ClusterMembership.Localhost;

    /// <summary>
    /// The IP address other silos reach this one at, with <see cref="ClusterMembership.PostgreSQL"/>
    /// clustering (in Kubernetes, the pod's IP); empty lets Orleans pick this host's first non-loopback address.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Where reminders are kept (default PostgreSQL, so they survive a restart).</summary>
    [EnumDataType(typeof(ReminderStorage))] public ReminderStorage Reminders { get; set; } = ReminderStorage.PostgreSQL;
}
