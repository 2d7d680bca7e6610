namespace AgentMemory.Server.Hosting;

/// <summary>One API key and the tenant it authenticates as.</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = string.Empty;

    public string Tenant { get; set; } = string.Empty;
}
