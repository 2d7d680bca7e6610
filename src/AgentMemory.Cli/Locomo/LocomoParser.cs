using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentMemory.Client;

namespace AgentMemory.Cli.Locomo;

/// <summary>
/// Reads LoCoMo conversation files and maps them to events, leniently: the dataset has a few
/// malformed evidence strings and answers of several JSON types.
/// </summary>
internal static partial class LocomoParser
{
    private static readonly string[] DateFormats =
    [
        "h:mm tt 'on' d MMMM, yyyy",
        "h:mm tt 'on' d MMMM yyyy",
        "h:mm tt 'on' d MMM, yyyy",
        "h:mm tt 'on' d MMM yyyy",
    ];

    /// <summary>True when the JSON text looks like a LoCoMo conversation (an object with session_1 or a conversation member).</summary>
    public static bool LooksLikeLocomo(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && (root.TryGetProperty("conversation", out _) || root.TryGetProperty("session_1", out _) || root.TryGetProperty("qa", out _));

    public static LocomoConversation Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        return Parse(Path.GetFileName(path), document.RootElement);
    }

    /// <summary>
    /// Parses a conversation. Accepts both the per-conversation files of locomo-dev (sessions at the
    /// top level) and the entries of locomo10.json (sessions under "conversation").
    /// </summary>
    public static LocomoConversation Parse(string name, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{name}: a LoCoMo conversation is a JSON object.");
        }

        var conversation = root.TryGetProperty("conversation", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        var speakerA = GetString(conversation, "speaker_a") ?? string.Empty;
        var speakerB = GetString(conversation, "speaker_b") ?? string.Empty;

        var sessions = new List<LocomoSession>();
        foreach (var property in conversation.EnumerateObject())
        {
            var match = SessionKey().Match(property.Name);
            if (!match.Success || property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var dateText = GetString(conversation, $"session_{number}_date_time");
            DateTimeOffset? start = dateText is not null && TryParseDateTime(dateText, out var parsed) ? parsed : null;
            var turns = new List<LocomoTurn>();
            var index = 0;
            foreach (var turn in property.Value.EnumerateArray())
            {
                if (turn.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var diaId = GetString(turn, "dia_id") ?? string.Empty;
                TurnId? id = TurnId.TryParse(diaId, out var tid) ? tid : null;
                turns.Add(new LocomoTurn(
                    diaId,
                    id,
                    GetString(turn, "speaker") ?? string.Empty,
                    GetString(turn, "text") ?? string.Empty,
                    GetString(turn, "blip_caption"),
                    number,
                    index++));
            }

            sessions.Add(new LocomoSession(number, dateText, start, turns));
        }

        sessions.Sort((a, b) => a.Number.CompareTo(b.Number));

        var questions = new List<LocomoQuestion>();
        var qaSource = root.TryGetProperty("qa", out var qa) ? qa : conversation.TryGetProperty("qa", out var qa2) ? qa2 : default;
        if (qaSource.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in qaSource.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    index++;
                    continue;
                }

                var evidence = new List<string>();
                if (item.TryGetProperty("evidence", out var ev))
                {
                    if (ev.ValueKind == JsonValueKind.Array)
                    {
                        evidence.AddRange(ev.EnumerateArray().Select(AsText).Where(s => s is not null)!);
                    }
                    else if (AsText(ev) is { } single)
                    {
                        evidence.Add(single);
                    }
                }

                var category = item.TryGetProperty("category", out var cat) && cat.ValueKind == JsonValueKind.Number && cat.TryGetInt32(out var c)
                    ? c
                    : item.TryGetProperty("category", out cat) && int.TryParse(AsText(cat), NumberStyles.Integer, CultureInfo.InvariantCulture, out c) ? c : 0;
                var answer = item.TryGetProperty("answer", out var a) ? AsText(a)
                    : item.TryGetProperty("adversarial_answer", out a) ? AsText(a) : null;
                questions.Add(new LocomoQuestion(index++, GetString(item, "question") ?? string.Empty, answer, category, evidence));
            }
        }

        return new LocomoConversation(name, speakerA, speakerB, sessions, questions);
    }

    /// <summary>Parses "1:56 pm on 8 May, 2023" as UTC (the dataset names no zone).</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        var normalized = Whitespace().Replace(text.Trim(), " ");
        if (DateTime.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc));
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Splits and parses one evidence string leniently: "D9:1 D4:4" and "D8:6; D9:17" hold two ids,
    /// "D:11:26" is D11:26, "D30:05" is D30:5. Tokens that are no id at all come back in <paramref name="unparseable"/>.
    /// </summary>
    public static List<TurnId> ParseEvidence(string raw, List<string> unparseable)
    {
        var ids = new List<TurnId>();
        if (string.IsNullOrWhiteSpace(raw))
        {
            unparseable.Add(raw ?? string.Empty);
            return ids;
        }

        // A separator is whitespace, ';' or ',' — but "D: 11:26" keeps its parts: split before each 'D'.
        foreach (var token in EvidenceSplit().Split(raw.Trim()))
        {
            var t = token.Trim().Trim(',', ';');
            if (t.Length == 0)
            {
                continue;
            }

            if (TurnId.TryParse(t, out var id))
            {
                ids.Add(id);
            }
            else
            {
                unparseable.Add(t);
            }
        }

        return ids;
    }

    /// <summary>The text a turn is remembered and indexed as: "&lt;speaker&gt;: &lt;text&gt;" plus " [image: &lt;caption&gt;]".</summary>
    public static string TurnText(LocomoTurn turn)
    {
        var text = $"{turn.Speaker}: {turn.Text}";
        if (!string.IsNullOrWhiteSpace(turn.BlipCaption))
        {
            text += $" [image: {turn.BlipCaption.Trim()}]";
        }

        return text;
    }

    /// <summary>
    /// Maps every turn to one event: text as <see cref="TurnText"/>, speaker, session id "session_N"
    /// (prefixed "&lt;prefix&gt;/" when given), event time = session start + N seconds for the N-th turn
    /// (0-based, so order is kept), metadata {"dia_id": ...}, idempotency key "&lt;file name&gt;:&lt;dia_id&gt;".
    /// </summary>
    public static List<(LocomoTurn Turn, MemoryEvent Event)> ToEvents(LocomoConversation conversation, string? sessionPrefix = null)
    {
        var events = new List<(LocomoTurn, MemoryEvent)>();
        foreach (var session in conversation.Sessions)
        {
            foreach (var turn in session.Turns)
            {
                var sessionId = $"session_{session.Number}";
                if (!string.IsNullOrEmpty(sessionPrefix))
                {
                    sessionId = $"{sessionPrefix}/{sessionId}";
                }

                var diaId = turn.Id?.ToString() ?? turn.DiaId;
                events.Add((turn, new MemoryEvent
                {
                    Text = TurnText(turn),
                    Speaker = turn.Speaker,
                    SessionId = sessionId,
                    EventTime = session.StartTime?.AddSeconds(turn.IndexInSession),
                    MetadataJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["dia_id"] = diaId }),
                    IdempotencyKey = $"{conversation.Name}:{diaId}",
                }));
            }
        }

        return events;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? AsText(value) : null;

    private static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    [GeneratedRegex(@"^session_(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionKey();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    // Split on ';' or ',' and on whitespace that is followed by a 'D' (the start of the next id).
    [GeneratedRegex(@"[;,]+\s*|\s+(?=[Dd])", RegexOptions.CultureInvariant)]
    private static partial Regex EvidenceSplit();
}
