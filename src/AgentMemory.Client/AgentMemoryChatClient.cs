using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using AgentMemory.Protocol.V1;
using Grpc.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentMemory.Client;

/// <summary>
/// Chat middleware (Microsoft.Extensions.AI) that gives a model the user's memory: before each
/// turn it recalls what is relevant to the user's latest message and puts the rendered context in
/// a system message; after the turn it remembers the user's message and the model's reply.
/// </summary>
/// <remarks>
/// <para>
/// Add it with <see cref="AgentMemoryChatClientBuilderExtensions.UseAgentMemory"/>. The recalled
/// context goes right after the caller's own leading system messages, so the application's
/// instructions stay first; the caller's message list is never changed.
/// </para>
/// <para>
/// <b>Idempotency.</b> A turn's memories are keyed by the session, the position of the user's
/// message in the conversation and its text, so sending the same conversation again (a retry of
/// the turn) remembers nothing twice; the reply is keyed after the message it answers, so a
/// retried turn keeps the first reply that was stored.
/// </para>
/// <para>
/// <b>Failures.</b> By default (<see cref="AgentMemoryChatOptions.ContinueWhenMemoryFails"/>) a
/// memory service that cannot be reached does not fail the turn: the model answers without
/// memories and the failure is logged. A turn without a user id always fails: memory must never
/// be read or written for the wrong user.
/// </para>
/// </remarks>
public sealed class AgentMemoryChatClient : DelegatingChatClient
{
    /// <summary>The <c>ChatOptions.AdditionalProperties</c> key that names the user of one call.</summary>
    public const string UserIdProperty = "agentmemory.user_id";

    /// <summary>The <c>ChatOptions.AdditionalProperties</c> key that names the session of one call.</summary>
    public const string SessionIdProperty = "agentmemory.session_id";

    private readonly IAgentMemoryClient _memory;
    private readonly AgentMemoryChatOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Wraps <paramref name="innerClient"/> with the user's memory.</summary>
    /// <param name="innerClient">The model's chat client.</param>
    /// <param name="memory">The AgentMemory client.</param>
    /// <param name="options">User, session, recall and failure settings; null for the defaults (a user id must then come with each call).</param>
    /// <param name="logger">Where memory failures are logged when the turn goes on without memory.</param>
    /// <param name="clock">The clock of event times for messages without <c>CreatedAt</c>; null for the system clock.</param>
    public AgentMemoryChatClient(IChatClient innerClient, IAgentMemoryClient memory, AgentMemoryChatOptions? options = null, ILogger<AgentMemoryChatClient>? logger = null, TimeProvider? clock = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
        _options = options ?? new AgentMemoryChatOptions();
        if (_options.MaxQueryCharacters < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxQueryCharacters, "AgentMemoryChatOptions.MaxQueryCharacters must be at least 1.");
        }

        _clock = clock ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var turn = await BeginTurnAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(turn.Messages, options, cancellationToken).ConfigureAwait(false);
        await RememberTurnAsync(turn, response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var turn = await BeginTurnAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(turn.Messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        // Remembered once the stream is complete: a stream abandoned early leaves no half reply behind.
        await RememberTurnAsync(turn, updates.ToChatResponse(), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Turn> BeginTurnAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var userId = PropertyOf(options, UserIdProperty) ?? _options.UserId;
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new InvalidOperationException(
                $"No user for the memory of this chat turn: set AgentMemoryChatOptions.UserId, or ChatOptions.AdditionalProperties[\"{UserIdProperty}\"] per call.");
        }

        var sessionId = PropertyOf(options, SessionIdProperty) ?? options?.ConversationId ?? _options.SessionId;
        var lastUser = LastIndexOfUserText(list);
        if (lastUser < 0)
        {
            // Nothing the user said to recall for or to remember (a tool round, say).
            return new Turn(list, userId, sessionId, null, -1);
        }

        var said = list[lastUser].Text;
        var query = said.Length > _options.MaxQueryCharacters ? said[.._options.MaxQueryCharacters] : said;
        var context = await RecallContextAsync(userId, query, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(context))
        {
            return new Turn(list, userId, sessionId, list[lastUser], lastUser);
        }

        // After the caller's own leading system messages, so the application's instructions stay first.
        var augmented = list.ToList();
        augmented.Insert(list.TakeWhile(m => m.Role == ChatRole.System).Count(), new ChatMessage(ChatRole.System, _options.ContextHeader + "\n" + context));
        return new Turn(augmented, userId, sessionId, list[lastUser], lastUser);
    }

    private async Task<string?> RecallContextAsync(string userId, string query, CancellationToken cancellationToken)
    {
        try
        {
            var recalled = await _memory.RecallAsync(userId, query, _options.Recall, cancellationToken).ConfigureAwait(false);
            return recalled.Context;
        }
        catch (RpcException ex) when (_options.ContinueWhenMemoryFails && ex.StatusCode != StatusCode.Cancelled)
        {
            _logger.LogWarning(ex, "Recall for user {UserId} failed ({Status}); the chat turn goes on without memories", userId, ex.StatusCode);
            return null;
        }
    }

    private async Task RememberTurnAsync(Turn turn, ChatResponse response, CancellationToken cancellationToken)
    {
        if (!_options.RememberTurns || turn.UserMessage is not { } said)
        {
            return;
        }

        var now = _clock.GetUtcNow();
        var key = TurnKey(turn.SessionId, turn.UserMessageIndex, said.Text);
        var events = new List<MemoryEvent>(2)
        {
            new(said.Text) { Speaker = said.AuthorName ?? _options.UserSpeaker, Role = Role.User, SessionId = turn.SessionId, EventTime = said.CreatedAt ?? now, IdempotencyKey = key },
        };
        if (!string.IsNullOrWhiteSpace(response.Text))
        {
            var author = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.AuthorName;
            events.Add(new MemoryEvent(response.Text)
            {
                Speaker = author ?? _options.AssistantSpeaker,
                Role = Role.Assistant,
                SessionId = turn.SessionId,
                // After the message it answers, also when the caller's clock says otherwise.
                EventTime = Max(response.CreatedAt ?? now, (said.CreatedAt ?? now).AddTicks(10)),
                IdempotencyKey = key + ":reply",
            });
        }

        try
        {
            await _memory.RememberAsync(turn.UserId, events, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex) when (_options.ContinueWhenMemoryFails && ex.StatusCode != StatusCode.Cancelled)
        {
            _logger.LogWarning(ex, "Remembering a chat turn for user {UserId} failed ({Status}); the reply is returned all the same", turn.UserId, ex.StatusCode);
        }
    }

    private static int LastIndexOfUserText(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User && !string.IsNullOrWhiteSpace(messages[i].Text))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The call's own value, or null when it gives none. A value that is there but not a non-empty
    /// string fails: falling back to the configured user would read and write someone else's memory.
    /// </summary>
    private static string? PropertyOf(ChatOptions? options, string key)
    {
        if (options?.AdditionalProperties is not { } properties || !properties.TryGetValue(key, out var value))
        {
            return null;
        }

        return value is string text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new InvalidOperationException($"ChatOptions.AdditionalProperties[\"{key}\"] must be a non-empty string (got {(value is null ? "null" : value.GetType().Name)}).");
    }

    /// <summary>The same message at the same place of the same session always gets the same key.</summary>
    private static string TurnKey(string? sessionId, int index, string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sessionId}\n{index}\n{text}"));
        return "chat:" + Convert.ToHexStringLower(hash, 0, 16);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>One turn: what the model is sent, and what will be remembered of it.</summary>
    private sealed record Turn(IReadOnlyList<ChatMessage> Messages, string UserId, string? SessionId, ChatMessage? UserMessage, int UserMessageIndex);
}
