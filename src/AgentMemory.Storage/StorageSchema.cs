namespace AgentMemory.Storage;

/// <summary>The validated schema name, safe to splice into SQL (it matched <c>^[a-z_][a-z0-9_]*$</c>).</summary>
public sealed record StorageSchema(string Name);
