using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentMemory.Protocol.V1;
using Google.Protobuf.WellKnownTypes;

namespace AgentMemory.Client;

/// <summary>
/// One event to remember: a conversation turn, an observation or a tool result.
/// </summary>
/// <remarks>
/// <para>
/// <b>Idempotency.</b> When <see cref="IdempotencyKey"/> is left empty the SDK gives the event
/// a random key the first time it is sent and keeps it for the lifetime of this object: the
/// SDK's own retries, and your resending of the <em>same instance</em>, never create a second
/// memory. A new instance (also one made with a <c>with</c> expression) gets a new key. Set
/// <see cref="IdempotencyKey"/> yourself (unique per user) when the same event may be sent again
/// from another process or after a restart, for example <c>"chat-42:turn-7"</c>.
/// </para>
/// <para>
/// <b>Metadata.</b> Give either <see cref="Metadata"/> (serialized with System.Text.Json) or
/// <see cref="MetadataJson"/> (a JSON object as text), not both.
/// </para>
/// </remarks>
public sealed record MemoryEvent
{
    private static readonly ConditionalWeakTable<MemoryEvent, string> s_generatedKeys = new();

    /// <summary>Creates an event; set <see cref="Text"/> with an object initializer.</summary>
    public MemoryEvent()
    {
    }

    /// <summary>Creates an event with the given text.</summary>
    /// <param name="text">What happened, as text.</param>
    [SetsRequiredMembers]
    public MemoryEvent(string text)
    {
        Text = text;
    }

    /// <summary>Required. What happened, as text.</summary>
    public required string Text { get; init; }

    /// <summary>Who said or did it (a name); optional.</summary>
    public string? Speaker { get; init; }

    /// <summary>The role of the speaker; <see cref="Role.Unspecified"/> when unknown.</summary>
    public Role Role { get; init; }

    /// <summary>The conversation or task session the event belongs to; optional.</summary>
    public string? SessionId { get; init; }

    /// <summary>When it happened; the service uses the time it receives the event when absent.</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>Caller-defined attributes, stored as a JSON object and returned as is.</summary>
    public IReadOnlyDictionary<string, object?>? Metadata { get; init; }

    /// <summary>Caller-defined attributes as the text of a JSON object; the alternative to <see cref="Metadata"/>.</summary>
    public string? MetadataJson { get; init; }

    /// <summary>
    /// Key that makes resending safe, unique per user. When empty the SDK generates one per
    /// instance (see the remarks of <see cref="MemoryEvent"/>).
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>
    /// The idempotency key this instance is sent with: <see cref="IdempotencyKey"/> when set,
    /// otherwise the key the SDK generated for this instance (created on first use, then stable).
    /// </summary>
    public string EffectiveIdempotencyKey =>
        string.IsNullOrEmpty(IdempotencyKey)
            ? s_generatedKeys.GetValue(this, static _ => "sdk:" + Guid.NewGuid().ToString("N"))
            : IdempotencyKey;

    /// <summary>Converts the event to its wire form.</summary>
    /// <returns>The protocol message, with <see cref="EffectiveIdempotencyKey"/> filled in.</returns>
    /// <exception cref="ArgumentException">Both <see cref="Metadata"/> and <see cref="MetadataJson"/> are set.</exception>
    public Event ToProto()
    {
        if (Metadata is not null && !string.IsNullOrEmpty(MetadataJson))
        {
            throw new ArgumentException("Set either Metadata or MetadataJson of a MemoryEvent, not both.");
        }

        var message = new Event
        {
            Text = Text ?? string.Empty,
            Speaker = Speaker ?? string.Empty,
            Role = Role,
            SessionId = SessionId ?? string.Empty,
            IdempotencyKey = EffectiveIdempotencyKey,
        };
        if (EventTime is { } time)
        {
            message.EventTime = Timestamp.FromDateTimeOffset(time);
        }

        if (Metadata is not null)
        {
            message.MetadataJson = JsonSerializer.Serialize(Metadata);
        }
        else if (!string.IsNullOrEmpty(MetadataJson))
        {
            message.MetadataJson = MetadataJson;
        }

        return message;
    }
}
