using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentMemory.Abstractions;
using AgentMemory.Grains;
using AgentMemory.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using V1 = AgentMemory.Protocol.V1;

namespace AgentMemory.Server.Grpc;

/// <summary>
/// Validates API requests and maps them to grain commands (and grain results back to API
/// messages). Every rule reports the exact field path and the rule, and all violations of a
/// request are reported together, so a caller can fix a batch in one round.
/// </summary>
internal sealed class MemoryRequestMapper(IOptions<MemoryLimitsOptions> limitsOptions, TimeProvider clock)
{
    private const string UserIdRule = "must be 1..128 characters of letters, digits and . _ - : @";
    private const int DefaultK = 10;
    private const int DefaultPageSize = 50;
    private const long MinTimestampSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxTimestampSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    private MemoryLimitsOptions Limits => limitsOptions.Value;

    public IReadOnlyList<NewEpisode> ToEpisodes(V1.RememberRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        if (request.Events.Count == 0)
        {
            violations.Add(new("events", "must contain at least one event"));
        }
        else if (request.Events.Count > Limits.MaxEventsPerRemember)
        {
            violations.Add(new("events", $"at most {Limits.MaxEventsPerRemember} events per call (got {request.Events.Count})"));
        }

        var receivedAt = clock.GetUtcNow();
        var episodes = new List<NewEpisode>(request.Events.Count);
        for (var i = 0; i < request.Events.Count && violations.Count < 100; i++)
        {
            var e = request.Events[i];
            var prefix = $"events[{i}]";
            if (string.IsNullOrWhiteSpace(e.Text))
            {
                violations.Add(new($"{prefix}.text", "must not be empty"));
            }
            else if (e.Text.Length > Limits.MaxTextLength)
            {
                violations.Add(new($"{prefix}.text", $"must be at most {Limits.MaxTextLength} characters (got {e.Text.Length})"));
            }

            CheckLength(e.Speaker, $"{prefix}.speaker", violations);
            CheckLength(e.SessionId, $"{prefix}.session_id", violations);
            CheckLength(e.IdempotencyKey, $"{prefix}.idempotency_key", violations);
            if (!System.Enum.IsDefined(e.Role))
            {
                violations.Add(new($"{prefix}.role", $"unknown role {(int)e.Role}"));
            }

            var eventTime = e.EventTime is null ? receivedAt : ToTime(e.EventTime, $"{prefix}.event_time", violations);
            var metadata = NormalizeMetadata(e.MetadataJson, $"{prefix}.metadata_json", violations);
            if (violations.Count > 0)
            {
                continue;
            }

            var session = NullIfEmpty(e.SessionId);
            var speaker = NullIfEmpty(e.Speaker);
            var key = string.IsNullOrEmpty(e.IdempotencyKey)
                ? DeriveIdempotencyKey(session, speaker, eventTime, e.Text)
                : e.IdempotencyKey;
            episodes.Add(new NewEpisode(e.Text, speaker, (MemoryRole)(short)e.Role, session, eventTime, metadata, key));
        }

        ThrowIfAny(violations);
        return episodes;
    }

    public RecallQuery ToRecallQuery(V1.RecallRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        if (string.IsNullOrWhiteSpace(request.Query))
        {
            violations.Add(new("query", "must not be empty"));
        }
        else if (request.Query.Length > Limits.MaxQueryLength)
        {
            violations.Add(new("query", $"must be at most {Limits.MaxQueryLength} characters (got {request.Query.Length})"));
        }

        var k = request.K == 0 ? DefaultK : request.K;
        if (k < 1 || k > Limits.MaxK)
        {
            violations.Add(new("k", $"must be between 1 and {Limits.MaxK} (got {request.K})"));
        }

        var budget = request.TokenBudget == 0 ? Limits.DefaultTokenBudget : request.TokenBudget;
        if (budget < 1 || budget > Limits.MaxTokenBudget)
        {
            violations.Add(new("token_budget", $"must be between 1 and {Limits.MaxTokenBudget} (got {request.TokenBudget})"));
        }

        var mode = request.Mode switch
        {
            V1.RecallMode.Unspecified or V1.RecallMode.Hybrid => RecallMode.Hybrid,
            V1.RecallMode.Dense => RecallMode.Dense,
            V1.RecallMode.Lexical => RecallMode.Lexical,
            V1.RecallMode.Graph => RecallMode.Graph,
            _ => Invalid(violations, "mode", $"unknown recall mode {(int)request.Mode}", RecallMode.Hybrid),
        };
        var filter = ToFilter(request.Filter, "filter", violations);
        var asOf = request.AsOf is null ? (DateTimeOffset?)null : ToTime(request.AsOf, "as_of", violations);
        ThrowIfAny(violations);
        return new RecallQuery(request.Query, k, filter, budget, mode)
        {
            AsOf = asOf,
            IncludeInvalidated = request.IncludeInvalidated,
            ExpandTimeline = request.ExpandTimeline,
        };
    }

    public IReadOnlyList<Guid> ToIds(string userId, IReadOnlyList<string> ids, string field)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(userId, violations);
        var parsed = ParseIds(ids, field, violations);
        ThrowIfAny(violations);
        return parsed;
    }

    public ListQuery ToListQuery(V1.ListRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (size < 1 || size > Limits.MaxPageSize)
        {
            violations.Add(new("page_size", $"must be between 1 and {Limits.MaxPageSize} (got {request.PageSize})"));
        }

        if (!string.IsNullOrEmpty(request.PageToken) && !ListCursor.TryDecode(request.PageToken, out _))
        {
            violations.Add(new("page_token", "is not a token returned by List"));
        }

        var filter = ToFilter(request.Filter, "filter", violations);
        ThrowIfAny(violations);
        return new ListQuery(filter, size, NullIfEmpty(request.PageToken));
    }

    /// <summary>Validates a Forget request's user and target; the target is returned in the form the grain takes.</summary>
    public (IReadOnlyList<Guid>? Ids, MemoryFilter? Filter) ToForgetTarget(V1.ForgetRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        IReadOnlyList<Guid>? ids = null;
        MemoryFilter? filter = null;
        switch (request.TargetCase)
        {
            case V1.ForgetRequest.TargetOneofCase.Ids:
                ids = ParseIds(request.Ids.Ids, "ids.ids", violations);
                break;
            case V1.ForgetRequest.TargetOneofCase.Filter:
                filter = ToFilter(request.Filter, "filter", violations);
                if (violations.Count == 0 && filter.IsEmpty)
                {
                    violations.Add(new("filter", "must restrict something; to erase the user set whole_user instead"));
                }

                break;
            case V1.ForgetRequest.TargetOneofCase.WholeUser:
                if (!request.WholeUser)
                {
                    violations.Add(new("whole_user", "must be true when set"));
                }

                break;
            default:
                violations.Add(new("target", "one of ids, filter or whole_user is required"));
                break;
        }

        ThrowIfAny(violations);
        return (ids, filter);
    }

    public Guid ToMemoryId(string userId, string memoryId, string field)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(userId, violations);
        if (!Guid.TryParse(memoryId, out var id))
        {
            violations.Add(new(field, "is not a memory id (a UUID)"));
        }

        ThrowIfAny(violations);
        return id;
    }

    public TimelineQuery ToTimelineQuery(V1.TimelineRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        var limit = request.Limit == 0 ? 50 : request.Limit;
        if (limit is < 1 or > 500)
        {
            violations.Add(new("limit", $"must be between 1 and 500 (got {request.Limit})"));
        }

        Guid? memoryId = null;
        switch (request.AnchorCase)
        {
            case V1.TimelineRequest.AnchorOneofCase.Entity when string.IsNullOrWhiteSpace(request.Entity):
                violations.Add(new("entity", "must not be empty"));
                break;
            case V1.TimelineRequest.AnchorOneofCase.Topic when string.IsNullOrWhiteSpace(request.Topic):
                violations.Add(new("topic", "must not be empty"));
                break;
            case V1.TimelineRequest.AnchorOneofCase.MemoryId:
                memoryId = Guid.TryParse(request.MemoryId, out var id) ? id : Invalid<Guid?>(violations, "memory_id", "is not a memory id (a UUID)", null);
                break;
            case V1.TimelineRequest.AnchorOneofCase.None:
                violations.Add(new("anchor", "one of entity, topic or memory_id is required"));
                break;
        }

        CheckLength(request.Entity, "entity", violations);
        if (request.Topic.Length > Limits.MaxQueryLength)
        {
            violations.Add(new("topic", $"must be at most {Limits.MaxQueryLength} characters"));
        }

        ThrowIfAny(violations);
        return new TimelineQuery(NullIfEmpty(request.Entity), NullIfEmpty(request.Topic), memoryId, limit);
    }

    public (IReadOnlyList<Guid> Ids, string? Text) ToMerge(V1.MergeRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        var ids = ParseIds(request.Ids, "ids", violations);
        if (violations.Count == 0 && ids.Distinct().Count() < 2)
        {
            violations.Add(new("ids", "must name at least two different facts"));
        }

        if (request.Text.Length > Limits.MaxTextLength)
        {
            violations.Add(new("text", $"must be at most {Limits.MaxTextLength} characters (got {request.Text.Length})"));
        }

        ThrowIfAny(violations);
        return (ids, string.IsNullOrWhiteSpace(request.Text) ? null : request.Text);
    }

    public string ToSessionId(V1.CloseSessionRequest request)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        if (string.IsNullOrEmpty(request.SessionId))
        {
            violations.Add(new("session_id", "must not be empty"));
        }

        CheckLength(request.SessionId, "session_id", violations);
        ThrowIfAny(violations);
        return request.SessionId;
    }

    public TimeSpan ToFlushTimeout(V1.FlushRequest request, DateTime callDeadline)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(request.UserId, violations);
        var timeout = TimeSpan.FromSeconds(30);
        if (request.Timeout is not null)
        {
            timeout = request.Timeout.ToTimeSpan();
            if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
            {
                violations.Add(new("timeout", "must be between 0 and 10 minutes"));
            }
        }

        ThrowIfAny(violations);

        // Answer before the caller gives up, so a slow flush reads as caught_up = false, not DEADLINE_EXCEEDED.
        if (callDeadline != DateTime.MaxValue)
        {
            var left = callDeadline - clock.GetUtcNow().UtcDateTime - TimeSpan.FromMilliseconds(200);
            timeout = left < timeout ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : timeout;
        }

        return timeout;
    }

    public static V1.HistoryEntry ToMessage(HistoryEntry entry)
    {
        var message = new V1.HistoryEntry
        {
            Sequence = entry.Sequence,
            MemoryId = entry.MemoryId.ToString(),
            Operation = entry.Operation,
            TextBefore = entry.TextBefore ?? string.Empty,
            TextAfter = entry.TextAfter ?? string.Empty,
            Reason = entry.Reason,
            RecordedAt = Timestamp.FromDateTimeOffset(entry.RecordedAt),
            ValidFrom = entry.ValidFrom is { } from ? Timestamp.FromDateTimeOffset(from) : null,
            ValidTo = entry.ValidTo is { } to ? Timestamp.FromDateTimeOffset(to) : null,
        };
        message.RelatedIds.AddRange(entry.RelatedIds.Select(i => i.ToString()));
        message.SourceIds.AddRange(entry.SourceIds.Select(i => i.ToString()));
        return message;
    }

    public static V1.TimelineResponse ToMessage(TimelineView view)
    {
        var response = new V1.TimelineResponse();
        response.Memories.AddRange(view.Memories.Select(ToMessage));
        response.Links.AddRange(view.Links.Select(l => new V1.TimelineLink { FromId = l.FromId.ToString(), ToId = l.ToId.ToString(), Relation = l.Relation, Topic = l.Topic }));
        return response;
    }

    public string CheckedUserId(string userId)
    {
        var violations = new List<FieldViolation>();
        CheckUserId(userId, violations);
        ThrowIfAny(violations);
        return userId;
    }

    public static V1.Memory ToMessage(MemoryRecord record)
    {
        var message = new V1.Memory
        {
            Id = record.Id.ToString(),
            Kind = (V1.MemoryKind)(int)record.Kind,
            Text = record.Text,
            Speaker = record.Speaker ?? string.Empty,
            Role = (V1.Role)(int)record.Role,
            SessionId = record.SessionId ?? string.Empty,
            EventTime = Timestamp.FromDateTimeOffset(record.EventTime),
            RecordedAt = Timestamp.FromDateTimeOffset(record.RecordedAt),
            MetadataJson = record.MetadataJson,
            Provenance = new V1.Provenance { IdempotencyKey = record.IdempotencyKey, Origin = record.Origin },
            ValidFrom = record.ValidFrom is { } from ? Timestamp.FromDateTimeOffset(from) : null,
            ValidTo = record.ValidTo is { } to ? Timestamp.FromDateTimeOffset(to) : null,
            ExpiredAt = record.ExpiredAt is { } expired ? Timestamp.FromDateTimeOffset(expired) : null,
            SupersededBy = record.SupersededBy?.ToString() ?? string.Empty,
        };
        if (record.Confidence is { } confidence)
        {
            message.Confidence = confidence;
        }

        foreach (var source in record.SourceIds)
        {
            message.Provenance.SourceMemoryIds.Add(source.ToString());
        }

        return message;
    }

    public static V1.RecallResponse ToMessage(RecallResult result)
    {
        var response = new V1.RecallResponse { Context = result.Context, ContextTokens = result.ContextTokens };
        foreach (var hit in result.Memories)
        {
            var s = hit.Score;
            var recalled = new V1.RecalledMemory
            {
                Memory = ToMessage(hit.Memory),
                Score = new V1.ScoreBreakdown
                {
                    Dense = s.Dense,
                    Lexical = s.Lexical,
                    Recency = s.Recency,
                    Fused = s.Fused,
                    DenseRank = s.DenseRank,
                    LexicalRank = s.LexicalRank,
                    Context = s.Context,
                    Graph = s.Graph,
                    GraphRank = s.GraphRank,
                    SeedPhrases = { s.SeedPhrases },
                },
            };
            recalled.Timeline.AddRange(hit.Timeline.Select(ToMessage));
            response.Memories.Add(recalled);
        }

        return response;
    }

    /// <summary>
    /// A key for events sent without one: a hash of what identifies the event, so resending
    /// the same event (same session, speaker, event time and text) is a no-op. Callers that
    /// omit event_time get the receive time, which differs on retry: they should send keys.
    /// </summary>
    internal static string DeriveIdempotencyKey(string? session, string? speaker, DateTimeOffset eventTime, string text)
    {
        var material = string.Join('\u001f', session ?? string.Empty, speaker ?? string.Empty, eventTime.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        return "auto:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)).AsSpan(0, 16));
    }

    private MemoryFilter ToFilter(V1.MemoryFilter? filter, string field, List<FieldViolation> violations)
    {
        if (filter is null)
        {
            return MemoryFilter.None;
        }

        var kinds = new List<MemoryKind>(filter.Kinds.Count);
        for (var i = 0; i < filter.Kinds.Count; i++)
        {
            var kind = filter.Kinds[i];
            if (kind is V1.MemoryKind.Episodic or V1.MemoryKind.Semantic or V1.MemoryKind.Summary)
            {
                kinds.Add((MemoryKind)(short)kind);
            }
            else
            {
                violations.Add(new($"{field}.kinds[{i}]", $"unknown memory kind {(int)kind}"));
            }
        }

        CheckLength(filter.SessionId, $"{field}.session_id", violations);
        var from = filter.EventTimeFrom is null ? (DateTimeOffset?)null : ToTime(filter.EventTimeFrom, $"{field}.event_time_from", violations);
        var to = filter.EventTimeTo is null ? (DateTimeOffset?)null : ToTime(filter.EventTimeTo, $"{field}.event_time_to", violations);
        if (from is { } f && to is { } t && t <= f)
        {
            violations.Add(new($"{field}.event_time_to", "must be after event_time_from"));
        }

        return new MemoryFilter(kinds.Distinct().ToList(), NullIfEmpty(filter.SessionId), from, to);
    }

    private List<Guid> ParseIds(IReadOnlyList<string> ids, string field, List<FieldViolation> violations)
    {
        var parsed = new List<Guid>(ids.Count);
        if (ids.Count == 0)
        {
            violations.Add(new(field, "must contain at least one id"));
        }
        else if (ids.Count > Limits.MaxIdsPerCall)
        {
            violations.Add(new(field, $"at most {Limits.MaxIdsPerCall} ids per call (got {ids.Count})"));
            return parsed;
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (Guid.TryParse(ids[i], out var id))
            {
                parsed.Add(id);
            }
            else
            {
                violations.Add(new($"{field}[{i}]", "is not a memory id (a UUID)"));
            }
        }

        return parsed;
    }

    private void CheckLength(string value, string field, List<FieldViolation> violations)
    {
        if (value.Length > Limits.MaxFieldLength)
        {
            violations.Add(new(field, $"must be at most {Limits.MaxFieldLength} characters (got {value.Length})"));
        }
    }

    private static void CheckUserId(string userId, List<FieldViolation> violations)
    {
        if (!UserScope.IsValidId(userId))
        {
            violations.Add(new("user_id", UserIdRule));
        }
    }

    private string NormalizeMetadata(string json, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "{}";
        }

        if (Encoding.UTF8.GetByteCount(json) > Limits.MaxMetadataBytes)
        {
            violations.Add(new(field, $"must be at most {Limits.MaxMetadataBytes} bytes of UTF-8"));
            return "{}";
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new(field, $"must be a JSON object (got a {document.RootElement.ValueKind.ToString().ToLowerInvariant()})"));
            }

            return json;
        }
        catch (JsonException ex)
        {
            violations.Add(new(field, $"is not valid JSON: {ex.Message}"));
            return "{}";
        }
    }

    private static DateTimeOffset ToTime(Timestamp timestamp, string field, List<FieldViolation> violations)
    {
        // Timestamp allows 0001-01-01..9999-12-31 with nanos in [0, 1e9); anything else is malformed.
        if (timestamp.Seconds < MinTimestampSeconds || timestamp.Seconds > MaxTimestampSeconds || timestamp.Nanos is < 0 or >= 1_000_000_000)
        {
            violations.Add(new(field, "is not a valid timestamp"));
            return DateTimeOffset.UnixEpoch;
        }

        return timestamp.ToDateTimeOffset();
    }

    private static T Invalid<T>(List<FieldViolation> violations, string field, string description, T fallback)
    {
        violations.Add(new(field, description));
        return fallback;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;

    private static void ThrowIfAny(List<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }
    }
}
