namespace AgentMemory.Server.Hosting;

/// <summary>
/// Callers and their tenants. Bound from <c>AgentMemory:Auth</c>. With no keys configured the
/// service runs open, and every caller is the <see cref="DefaultTenant"/> (development only;
/// a warning is logged at start).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string SectionName = "AgentMemory:Auth";

    /// <summary>Accepted API keys, each naming the tenant it acts for.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>The tenant of every caller when no keys are configured.</summary>
    public string DefaultTenant { get; set; } = "default";
}
