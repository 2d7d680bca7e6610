namespace AgentMemory.Client;

/// <summary>Settings of <see cref="AgentMemoryChatClient"/>.</summary>
public sealed class AgentMemoryChatOptions
{
    /// <summary>
    /// The user whose memory a chat turn reads and writes, unless the call names one in
    /// <c>ChatOptions.AdditionalProperties[</c><see cref="AgentMemoryChatClient.UserIdProperty"/><c>]</c>.
    /// A turn with neither fails with <see cref="InvalidOperationException"/>.
    /// </summary>
    public string? UserId { get; set; }

    /// <summary>
    /// The session a turn is remembered in, unless the call names one in
    /// <c>ChatOptions.AdditionalProperties[</c><see cref="AgentMemoryChatClient.SessionIdProperty"/><c>]</c>
    /// or gives a <c>ChatOptions.ConversationId</c>; none is fine (the memories then have no session).
    /// </summary>
    public string? SessionId { get; set; }

    /// <summary>How memories are recalled for a turn (default: 8 memories in a context of at most 800 tokens, hybrid).</summary>
    public RecallOptions Recall { get; set; } = new() { K = 8, TokenBudget = 800 };

    /// <summary>
    /// How much of the user's message is the recall query, in characters (default 2,000): a pasted
    /// document would otherwise exceed the service's query limit, and its first lines say what it is about.
    /// </summary>
    public int MaxQueryCharacters { get; set; } = 2000;

    /// <summary>The line put before the recalled context in the system message the model sees.</summary>
    public string ContextHeader { get; set; } = "Relevant memories from earlier conversations with this user:";

    /// <summary>Whether the user's message and the model's reply are remembered after each turn (default true).</summary>
    public bool RememberTurns { get; set; } = true;

    /// <summary>The speaker name remembered with the user's messages when the message has no <c>AuthorName</c> (default "user").</summary>
    public string UserSpeaker { get; set; } = "user";

    /// <summary>The speaker name remembered with the model's replies when the reply has no <c>AuthorName</c> (default "assistant").</summary>
    public string AssistantSpeaker { get; set; } = "assistant";

    /// <summary>
    /// Whether a turn goes on when the memory service fails (default true): a failed recall leaves
    /// the model without memories, a failed remember leaves the turn unremembered, and each failure
    /// is logged while the reply is returned. False makes the
    /// failure the turn's (an <see cref="Grpc.Core.RpcException"/>), for agents that must not answer without memory.
    /// </summary>
    public bool ContinueWhenMemoryFails { get; set; } = true;
}
