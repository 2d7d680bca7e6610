namespace AgentMemory.Abstractions;

/// <summary>
/// A dependency (the inference sidecar, PostgreSQL) could not serve the call in time.
/// Maps to gRPC UNAVAILABLE, which clients may retry.
/// </summary>
[GenerateSerializer, Alias("agentmemory.DependencyUnavailableException")]
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
