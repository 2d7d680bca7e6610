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

    /// <summary>
    /// The sidecar answered that this request cannot be served (400, 413 or 422: too long for the model's context,
    /// a schema or content it rejects). Sending the same request again gets the same answer, so a caller that can do
    /// without the model for this one item (a fallback) should, instead of failing the whole step on every retry.
    /// Authentication and routing errors (401, 403, 404) are not refusals of one request: every request fails alike,
    /// and the step is retried until the configuration is fixed.
    /// </summary>
    public bool RefusedTheRequest => StatusCode is 400 or 413 or 422;
}
