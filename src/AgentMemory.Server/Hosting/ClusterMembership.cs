namespace AgentMemory.Server.Hosting;

/// <summary>How the silo finds the other silos of its cluster (<c>AgentMemory:Orleans:Clustering</c>).</summary>
public enum ClusterMembership
{
    /// <summary>One silo on this machine, no membership table (the default).</summary>
    Localhost = 0,

    /// <summary>
    /// Silos sharing the service's PostgreSQL schema and <c>ClusterId</c> form one cluster; each user's
    /// grain lives on one of them and is reached from any.
    /// </summary>
    PostgreSQL = 1,
}
