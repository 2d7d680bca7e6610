using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Inference;

/// <summary>
/// Wraps a sidecar chat client: each <see cref="GetResponseAsync"/> attempt is bounded by
/// <see cref="InferenceOptions.ChatRequestTimeout"/>, transient failures are retried up to
/// <see cref="InferenceOptions.MaxRetries"/> times with jittered exponential backoff, and giving up is reported as
/// <see cref="InferenceUnavailableException"/>. Streaming passes through unchanged.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    internal const string OperationName = "Chat";

    private readonly SidecarCallPolicy _policy;

    public ResilientChatClient(
        IChatClient innerClient, InferenceOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        _policy = new SidecarCallPolicy(
            options.Endpoint, OperationName, options.ChatRequestTimeout, options.MaxRetries, options.RetryBaseDelay,
            timeProvider, logger);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var materialized = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var (response, _) = await _policy.ExecuteAsync(
            token => base.GetResponseAsync(materialized, options, token), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
