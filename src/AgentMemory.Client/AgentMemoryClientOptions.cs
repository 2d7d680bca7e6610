namespace AgentMemory.Client;

/// <summary>
/// Settings of an <see cref="AgentMemoryClient"/>: where the service is, how the caller
/// authenticates, and how long and how often a call may try.
/// </summary>
/// <remarks>
/// Bound from the configuration section <c>AgentMemory:Client</c> by
/// <c>services.AddAgentMemoryClient(configuration)</c>, for example
/// <c>AgentMemory__Client__Address=http://127.0.0.1:50051</c>.
/// </remarks>
public sealed class AgentMemoryClientOptions
{
    /// <summary>The configuration section the options are bound from: <c>AgentMemory:Client</c>.</summary>
    public const string SectionName = "AgentMemory:Client";

    /// <summary>
    /// Address of the service, an absolute <c>http://</c> (HTTP/2 without TLS) or <c>https://</c> URI.
    /// Defaults to <c>http://127.0.0.1:50051</c>.
    /// </summary>
    public string Address { get; set; } = "http://127.0.0.1:50051";

    /// <summary>
    /// The caller's API key. When set, every call carries the header
    /// <c>authorization: Bearer &lt;key&gt;</c>; the service derives the tenant from it.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Deadline of one attempt of a call (default 10 s). Every call carries a deadline; a call
    /// that is retried gets a fresh deadline per attempt, so the worst case of one method call is
    /// <c>(MaxRetries + 1) × DefaultDeadline</c> plus the backoff pauses. Cancel the
    /// <see cref="CancellationToken"/> to bound the total.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times a failed call is tried again (default 3; 0 disables retries). Only
    /// transient failures are retried: see <see cref="AgentMemoryClient"/> for the policy.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Pause before the first retry (default 100 ms); it doubles with every further retry.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the pause between two attempts (default 2 s).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest response message accepted, in bytes (default 64 MiB; a page of 1,000 long memories can pass 4 MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Checks the settings and returns the problems found, one sentence each; empty when valid.
    /// </summary>
    /// <returns>The problems found; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Address must be an absolute http:// or https:// URI, not '{Address}'.");
        }

        if (DefaultDeadline <= TimeSpan.Zero)
        {
            problems.Add("DefaultDeadline must be positive.");
        }

        if (MaxRetries < 0)
        {
            problems.Add("MaxRetries must be 0 or more.");
        }

        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero)
        {
            problems.Add("InitialBackoff and MaxBackoff must not be negative.");
        }

        if (MaxReceiveMessageSize <= 0)
        {
            problems.Add("MaxReceiveMessageSize must be positive.");
        }

        return problems;
    }
}
