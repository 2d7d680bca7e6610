using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentMemory.Cli.Locomo;
using AgentMemory.Client;
using AgentMemory.Protocol.V1;

namespace AgentMemory.Cli;

/// <summary>
/// Reads the files <c>am import</c> accepts: a LoCoMo conversation (JSON object) or events, one
/// JSON object per line (JSONL) or a JSON array of them, each
/// <c>{"text","speaker","role","session_id","event_time","metadata","idempotency_key"}</c>.
/// </summary>
internal static class EventFileReader
{
    public sealed record EventFile(string Format, IReadOnlyList<MemoryEvent> Events, LocomoConversation? Conversation);

    public static EventFile Read(string path, string? session)
    {
        var name = Path.GetFileName(path);
        var text = File.ReadAllText(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".jsonl" or ".ndjson")
        {
            return new EventFile("jsonl", ParseJsonLines(name, text, session), null);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            // Several top-level values: JSON Lines under another extension.
            return new EventFile("jsonl", ParseJsonLines(name, text, session), null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && LocomoParser.LooksLikeLocomo(root))
            {
                var conversation = LocomoParser.Parse(name, root);
                return new EventFile("locomo", LocomoParser.ToEvents(conversation, session).Select(p => p.Event).ToList(), conversation);
            }

            if (root.ValueKind == JsonValueKind.Array)
            {
                var events = new List<MemoryEvent>();
                var counter = new Dictionary<string, int>(StringComparer.Ordinal);
                var index = 0;
                foreach (var item in root.EnumerateArray())
                {
                    index++;
                    events.Add(ParseEvent(item, name, $"item {index}", session, counter));
                }

                return new EventFile("json-array", events, null);
            }

            if (root.ValueKind == JsonValueKind.Object)
            {
                return new EventFile("json-object", [ParseEvent(root, name, "object", session, new Dictionary<string, int>(StringComparer.Ordinal))], null);
            }

            throw new FormatException($"{name}: expected a LoCoMo conversation, a JSON array of events, or JSON Lines.");
        }
    }

    public static List<MemoryEvent> ParseJsonLines(string fileName, string text, string? session)
    {
        var events = new List<MemoryEvent>();
        var counter = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{fileName}: line {lineNumber}: not JSON ({ex.Message})", ex);
            }

            using (document)
            {
                events.Add(ParseEvent(document.RootElement, fileName, $"line {lineNumber}", session, counter));
            }
        }

        return events;
    }

    /// <summary>
    /// One event. Without an idempotency key it gets "&lt;file&gt;:&lt;hash of its content&gt;:&lt;n&gt;"
    /// (n counts identical events in the file), so importing the same file twice deduplicates,
    /// reordering lines changes nothing, and deliberate repeats stay distinct.
    /// </summary>
    public static MemoryEvent ParseEvent(JsonElement item, string fileName, string where, string? defaultSession, Dictionary<string, int> occurrences)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{fileName}: {where}: an event is a JSON object.");
        }

        var text = Str(item, "text") ?? throw new FormatException($"{fileName}: {where}: \"text\" is required.");
        var speaker = Str(item, "speaker");
        var sessionId = Str(item, "session_id") ?? defaultSession;
        var role = Role.Unspecified;
        if (item.TryGetProperty("role", out var roleElement) && roleElement.ValueKind != JsonValueKind.Null)
        {
            role = ParseRole(roleElement) ?? throw new FormatException($"{fileName}: {where}: unknown role {roleElement.GetRawText()} (user, assistant, system, tool, observation).");
        }

        DateTimeOffset? eventTime = null;
        if (item.TryGetProperty("event_time", out var timeElement) && timeElement.ValueKind != JsonValueKind.Null)
        {
            eventTime = ParseTime(timeElement) ?? throw new FormatException($"{fileName}: {where}: event_time {timeElement.GetRawText()} is not an ISO 8601 time or Unix seconds.");
        }

        string? metadata = null;
        if (item.TryGetProperty("metadata", out var meta) && meta.ValueKind != JsonValueKind.Null)
        {
            metadata = meta.ValueKind switch
            {
                JsonValueKind.Object => meta.GetRawText(),
                JsonValueKind.String when meta.GetString() is { Length: > 0 } s => s,
                JsonValueKind.String => null,
                _ => throw new FormatException($"{fileName}: {where}: metadata must be a JSON object."),
            };
        }

        var key = Str(item, "idempotency_key");
        if (string.IsNullOrEmpty(key))
        {
            var content = string.Join("\u001f", text, speaker, sessionId, eventTime?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), metadata);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
            var n = occurrences[hash] = occurrences.GetValueOrDefault(hash) + 1;
            key = $"{fileName}:{hash}:{n}";
        }

        return new MemoryEvent
        {
            Text = text,
            Speaker = speaker,
            Role = role,
            SessionId = sessionId,
            EventTime = eventTime,
            MetadataJson = metadata,
            IdempotencyKey = key,
        };
    }

    public static Role? ParseRole(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            return Enum.IsDefined(typeof(Role), number) ? (Role)number : null;
        }

        return element.ValueKind == JsonValueKind.String ? ParseRole(element.GetString()) : null;
    }

    public static Role? ParseRole(string? text)
    {
        var normalized = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (normalized.StartsWith("role_", StringComparison.Ordinal))
        {
            normalized = normalized[5..];
        }

        return normalized switch
        {
            "" or "unspecified" => Role.Unspecified,
            "user" or "human" => Role.User,
            "assistant" or "ai" or "agent" => Role.Assistant,
            "system" => Role.System,
            "tool" => Role.Tool,
            "observation" => Role.Observation,
            _ => null,
        };
    }

    private static DateTimeOffset? ParseTime(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var seconds))
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var s = element.GetString()!;
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }

            if (LocomoParser.TryParseDateTime(s, out t))
            {
                return t;
            }
        }

        return null;
    }

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
