using System.Globalization;
using System.Reflection;
using AgentMemory.Core.Extraction;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AgentMemory.Derivation;

/// <summary>
/// Extraction by the sidecar chat model with structured output: atomic, self-contained facts (people named instead
/// of pronouns, relative dates resolved against the episode's time), their entities and snake_case triples.
/// </summary>
/// <remarks>
/// <para>
/// Bad content never stops the pipeline: a reply that does not parse, or has facts but none with text, is retried
/// once with a correction, and then the episode is skipped (an empty result and a warning naming the episode and
/// the reason). Within a valid reply, unusable items (blank text, half-empty triples, dates that are not ISO dates)
/// are dropped one by one. An episode the sidecar refuses (400, 413, 422) is skipped the same way, since it would be
/// refused on every retry. Other transport failures (the sidecar down, timing out, or rejecting the credentials) are
/// not caught: the pipeline retries the whole step later, rather than silently deriving nothing from episodes it
/// could not send.
/// </para>
/// <para>
/// The relation vocabulary and its single-valued relations come from <see cref="RelationCatalog"/>, so the model's
/// triples collide with the rule-based ones and with each other, which is what contradiction detection relies on.
/// </para>
/// </remarks>
public sealed class LlmMemoryExtractor(IChatClient chat, ILogger<LlmMemoryExtractor> logger) : IMemoryExtractor
{
    /// <summary>
    /// Longest episode text sent to the model. A pasted document would overflow the context window, and a request
    /// the server rejects would fail the step on every retry; the head of the text carries most of what it says.
    /// </summary>
    internal const int MaxEpisodeChars = 12_000;

    /// <summary>
    /// The model gives no calibrated confidence; a fixed value above the rule extractor's hedged statements and
    /// below its direct ones keeps facts comparable enough for ranking.
    /// </summary>
    internal const double ModelConfidence = 0.8;

    private static readonly string[] Relations = typeof(RelationCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(RelationCatalog.FavoritePrefix))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static readonly string SystemPrompt = BuildSystemPrompt();

    public async Task<ExtractionResult> ExtractAsync(EpisodeForDerivation episode, string? otherParticipant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(episode);
        if (string.IsNullOrWhiteSpace(episode.Text))
        {
            return ExtractionResult.Empty;
        }

        var messages = new[]
        {
            new ChatMessage(ChatRole.System, SystemPrompt),
            new ChatMessage(ChatRole.User, BuildUserPrompt(episode, otherParticipant)),
        };

        var result = await LlmStructuredOutput.AskAsync<LlmExtractionReply>(chat, messages, Validate, cancellationToken);
        if (result.Reply is null)
        {
            logger.LogWarning(
                "Extraction skipped episode {EpisodeId}: {Attempts} invalid model replies, the last because {Reason}",
                episode.Id, result.Attempts, result.Failure);
            return ExtractionResult.Empty;
        }

        if (result.Attempts > 1)
        {
            logger.LogInformation("Extraction of episode {EpisodeId} succeeded on attempt {Attempt}", episode.Id, result.Attempts);
        }

        return Map(result.Reply, episode.Speaker, otherParticipant);
    }

    /// <summary>The system prompt: what a fact is, and the relation vocabulary.</summary>
    internal static string BuildSystemPrompt()
    {
        var singleValued = Relations.Where(RelationCatalog.IsSingleValued).Append(RelationCatalog.FavoritePrefix + "<thing>");
        return $"""
            You extract long-term memories from one turn of a conversation. Answer with a JSON object that follows the schema.

            Facts:
            - Each fact is one atomic, self-contained sentence that is true out of context.
            - Name people instead of using pronouns: "I", "me", "my" are the speaker; "you", "your" are the person the speaker is talking to, when known.
            - Resolve relative dates ("yesterday", "last Saturday", "two weeks ago", "next month") against the date the turn was said, and write them as absolute dates in the text (e.g. "on 20 May 2023", "in April 2023").
            - valid_from: the date (yyyy-MM-dd) the fact happened or became true, when the turn states or implies one; otherwise null. A month or year alone means its first day.
            - subject: whom the fact is about.
            - Keep what is worth remembering about the people: identity, relationships, home, work, events, plans, possessions, likes and dislikes, opinions and feelings. Skip greetings, small talk, questions and thanks.
            - Do not invent anything the turn does not say. When nothing is worth remembering, answer with empty lists.

            Triples (subject, relation, object):
            - relation is snake_case. Prefer these relations: {string.Join(", ", Relations)}, {RelationCatalog.FavoritePrefix}<thing> (e.g. favorite_book). Use another snake_case verb phrase only when none fits.
            - These relations hold one value at a time, so a newer value replaces an older one; use exactly these names for them: {string.Join(", ", singleValued)}. Use moved_to for a move.
            - object is a short noun phrase of at most six words, lowercase except proper nouns.

            Entities: named people, places, organizations and other named things; kind is person, place, organization or other.
            """;
    }

    /// <summary>The user prompt: who speaks to whom, when, and the turn itself.</summary>
    internal static string BuildUserPrompt(EpisodeForDerivation episode, string? otherParticipant)
    {
        var speaker = string.IsNullOrWhiteSpace(episode.Speaker) ? "unknown (call them \"the user\")" : episode.Speaker.Trim();
        var other = string.IsNullOrWhiteSpace(otherParticipant) ? "unknown" : otherParticipant.Trim();
        var text = LlmText.Truncate(episode.Text.Trim(), MaxEpisodeChars);
        return $"""
            Speaker: {speaker}
            Talking to: {other}
            Said on: {LlmText.LongDate(episode.EventTime)} ({LlmText.IsoDate(episode.EventTime)})

            Turn:
            {text}
            """;
    }

    /// <summary>Whether the reply as a whole is usable; individual bad items are dropped later, not retried.</summary>
    internal static string? Validate(LlmExtractionReply reply)
    {
        if (reply.Facts is null)
        {
            return "\"facts\" is missing";
        }

        if (reply.Facts.Count > 0 && reply.Facts.TrueForAll(f => string.IsNullOrWhiteSpace(f?.Text)))
        {
            return "every fact has an empty \"text\"";
        }

        return null;
    }

    /// <summary>The records the pipeline consumes, with unusable items dropped.</summary>
    internal static ExtractionResult Map(LlmExtractionReply reply, string? speaker, string? otherParticipant)
    {
        var entities = new EntityCollector(speaker, otherParticipant);
        foreach (var item in reply.Entities ?? [])
        {
            entities.Add(item?.Name, ParseKind(item?.Kind));
        }

        var facts = new List<ExtractedFact>();
        var triples = new List<ExtractedTriple>();
        foreach (var item in reply.Facts ?? [])
        {
            var text = LlmText.AsSentence(item?.Text ?? string.Empty);
            if (item is null || text.Length == 0)
            {
                continue;
            }

            var factTriples = MapTriples(item.Triples);
            var subject = LlmText.OneLine(item.Subject);
            if (subject.Length == 0)
            {
                subject = factTriples.Count > 0 ? factTriples[0].Subject : LlmText.OneLine(speaker);
            }

            if (subject.Length == 0)
            {
                subject = "the user";
            }

            var names = new List<string>();
            foreach (var name in (item.Entities ?? []).Select(LlmText.OneLine).Where(n => n.Length > 0))
            {
                entities.Add(name, EntityKind.Other);
                names.Add(entities.Canonical(name));
            }

            // Entities the reply listed only at the top level still belong to the facts that mention them.
            names.AddRange(entities.Names.Where(n => LlmText.ContainsWord(text, n)));
            facts.Add(new ExtractedFact(
                text,
                subject,
                factTriples,
                names.Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                ParseDate(item.ValidFrom),
                ModelConfidence));
            triples.AddRange(factTriples);
        }

        triples.AddRange(MapTriples(reply.Triples));
        foreach (var triple in triples)
        {
            entities.Add(triple.Subject, EntityKind.Other);
        }

        return new ExtractionResult(facts, entities.ToList(), Distinct(triples));
    }

    /// <summary>An ISO date (a date-time is cut to its date); null for anything else rather than a guess.</summary>
    internal static DateOnly? ParseDate(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date;
        }

        return text.Length > 10 && text[10] == 'T'
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? DateOnly.FromDateTime(time.DateTime)
            : null;
    }

    private static List<ExtractedTriple> MapTriples(List<LlmExtractionReply.TripleItem>? items)
    {
        var triples = new List<ExtractedTriple>();
        foreach (var item in items ?? [])
        {
            var subject = LlmText.OneLine(item?.Subject);
            var relation = RelationCatalog.Normalize(item?.Relation);
            var obj = LlmText.OneLine(item?.Object).TrimEnd('.');
            if (subject.Length > 0 && relation.Length > 0 && obj.Length > 0)
            {
                triples.Add(new ExtractedTriple(subject, relation, obj));
            }
        }

        return Distinct(triples);
    }

    private static List<ExtractedTriple> Distinct(IEnumerable<ExtractedTriple> triples) =>
        triples.DistinctBy(t => (t.Subject.ToUpperInvariant(), t.Relation, t.Object.ToUpperInvariant())).ToList();

    private static EntityKind ParseKind(string? kind) =>
        Enum.TryParse<EntityKind>(kind?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(kind, out _)
            ? parsed
            : EntityKind.Other;

    /// <summary>Distinct entities, case-insensitively, participants first, the first known kind winning over Other.</summary>
    private sealed class EntityCollector(string? speaker, string? otherParticipant)
    {
        private readonly List<ExtractedEntity> _entities = [];

        public IEnumerable<string> Names => _entities.Select(e => e.Name);

        public void Add(string? name, EntityKind kind)
        {
            var clean = LlmText.OneLine(name);
            if (clean.Length == 0)
            {
                return;
            }

            var index = _entities.FindIndex(e => string.Equals(e.Name, clean, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                _entities.Add(new ExtractedEntity(clean, IsParticipant(clean) ? EntityKind.Person : kind));
            }
            else if (_entities[index].Kind == EntityKind.Other && kind != EntityKind.Other)
            {
                _entities[index] = _entities[index] with { Kind = kind };
            }
        }

        public string Canonical(string name) =>
            _entities.Find(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))?.Name ?? name;

        public List<ExtractedEntity> ToList() =>
            _entities.OrderBy(e => IsParticipant(e.Name) ? 0 : 1).ToList();

        private bool IsParticipant(string name) =>
            string.Equals(name, speaker?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, otherParticipant?.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
