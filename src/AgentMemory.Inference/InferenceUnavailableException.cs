namespace AgentMemory.Inference;

/// <summary>
/// The inference backend (embedding or chat sidecar) could not serve a request: it was unreachable, timed out,
/// kept failing transiently until retries ran out, refused the request, or answered with unusable data.
/// The service maps it to gRPC UNAVAILABLE.
/// </summary>
public sealed class InferenceUnavailableException : Exception
{
    public InferenceUnavailableException()
        : base("The inference backend is unavailable.")
    {
    }

    public InferenceUnavailableException(string message)
        : base(message)
    {
    }

    public InferenceUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public InferenceUnavailableException(
        string message, Uri? endpoint, string operation, int attempts, int? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        Operation = operation;
        Attempts = attempts;
        StatusCode = statusCode;
    }

    /// <summary>Sidecar base URL.</summary>
    public Uri? Endpoint { get; }

    /// <summary>"Embedding" or "Chat".</summary>
    public string? Operation { get; }

    /// <summary>HTTP attempts made for the failing request (0 when it failed before any).</summary>
    public int Attempts { get; }

    /// <summary>HTTP status of the last response, when there was one.</summary>
    public int? StatusCode { get; }
}
