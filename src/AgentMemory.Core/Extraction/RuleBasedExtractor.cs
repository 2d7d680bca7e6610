using System.Text;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// The built-in, no-LLM derivation step of the write path: turns one conversational episode into self-contained
/// facts, entities and (subject, relation, object) triples.
/// </summary>
/// <remarks>
/// <para>
/// An LLM sidecar does this better when one is configured; this is the CPU fallback that keeps the system useful
/// on a laptop, so it is built for robustness over recall: deterministic, stateless (safe to share across
/// threads), roughly tens of microseconds per chat turn, and it never throws: null, empty, huge or binary-looking
/// input yields an empty or partial result. Input beyond <see cref="MaxInputLength"/> characters is ignored.
/// </para>
/// <para>
/// Per sentence the pipeline is: skip questions; strip filler and vocatives (<c>FillerTrimmer</c>); skip
/// greetings, reactions ("That's awesome!"), imperatives and sentences about the listener ("You're doing
/// great"), since those are pleasantries and opinions rather than memories; supply the speaker as subject of a subjectless clause ("Gonna continue …"); rewrite pronouns
/// (<c>PronounRewriter</c>: "I'm" → "Caroline is", "we" → "Caroline and others"); require at least
/// <see cref="MinContentTerms"/> analyzed terms and a verb-like word; resolve relative dates
/// (<see cref="RelativeDateResolver.Rewrite"/>); attribute statements that do not name the speaker
/// ("The stories were inspiring" → "Caroline said the stories were inspiring"), so every fact says whose it is;
/// capitalize and end with a period; then read triples off the result (<c>TripleRules</c>).
/// </para>
/// <para>
/// The text may start with "&lt;speaker&gt;: ", which is dropped, and may carry "[image: caption]" segments,
/// which never become facts (a caption describes a photo, not what the speaker said) but are scanned for entities.
/// </para>
/// </remarks>
public sealed class RuleBasedExtractor
{
    /// <summary>Characters of input considered; the rest is ignored to bound the work per episode.</summary>
    public const int MaxInputLength = 100_000;

    /// <summary>
    /// Minimum analyzed terms (stemmed content words, the substituted names included) a rewritten sentence needs
    /// to become a fact: "Caroline loves painting" (3) passes, "Caroline is happy" (2) and "That's cool" do not,
    /// unless a triple rule recognizes it ("Caroline is a nurse").
    /// </summary>
    public const int MinContentTerms = 3;

    private const string UnknownSpeaker = "the speaker";
    private const string UnknownListener = "the listener";

    /// <summary>A shared instance; the extractor holds no state.</summary>
    public static RuleBasedExtractor Shared { get; } = new();

    /// <summary>
    /// Extracts facts, entities and triples from one episode.
    /// </summary>
    /// <param name="text">The episode text, e.g. a chat turn, optionally prefixed with "&lt;speaker&gt;: ".</param>
    /// <param name="speaker">Who said it; replaces first-person words. Null makes them "the speaker".</param>
    /// <param name="eventTime">When it was said; relative dates are resolved against its calendar date.</param>
    /// <param name="otherParticipant">The listener; replaces second-person words. Null makes them "the listener".</param>
    public ExtractionResult Extract(string text, string? speaker, DateTimeOffset eventTime, string? otherParticipant = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ExtractionResult.Empty;
        }

        var speakerName = CleanName(speaker);
        var listenerName = CleanName(otherParticipant);
        if (listenerName is not null && string.Equals(listenerName, speakerName, StringComparison.OrdinalIgnoreCase))
        {
            listenerName = null;
        }

        var participants = new List<string>(2);
        if (speakerName is not null)
        {
            participants.Add(speakerName);
        }

        if (listenerName is not null)
        {
            participants.Add(listenerName);
        }

        var body = text.Length > MaxInputLength ? text[..MaxInputLength] : text;
        body = StripSpeakerPrefix(body, speakerName);
        body = SplitCaptions(body, out var captions);
        var sentences = SentenceSplitter.Split(body);

        var entities = CollectEntities(sentences, captions, participants);
        var knownNames = new HashSet<string>(entities.Select(e => e.Name), StringComparer.OrdinalIgnoreCase);

        var facts = new List<ExtractedFact>();
        var allTriples = new List<ExtractedTriple>();
        var seenFacts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sentence in sentences)
        {
            var fact = TryBuildFact(sentence, speakerName, listenerName, participants, entities, knownNames, eventTime);
            if (fact is null || !seenFacts.Add(fact.Text))
            {
                continue;
            }

            facts.Add(fact);
            foreach (var triple in fact.Triples)
            {
                if (!allTriples.Any(t => SameTriple(t, triple)))
                {
                    allTriples.Add(triple);
                }
            }
        }

        return new ExtractionResult(facts, entities, allTriples);
    }

    private static ExtractedFact? TryBuildFact(
        string sentence,
        string? speaker,
        string? listener,
        IReadOnlyList<string> participants,
        IReadOnlyList<ExtractedEntity> entities,
        HashSet<string> knownNames,
        DateTimeOffset eventTime)
    {
        if (IsQuestion(sentence))
        {
            return null;
        }

        var trimmed = FillerTrimmer.Trim(sentence, participants);
        if (trimmed.Length == 0 || IsQuestion(trimmed))
        {
            return null;
        }

        var lower = trimmed.ToLowerInvariant().Replace('\u2019', '\'');
        if (IsReaction(lower))
        {
            return null;
        }

        var firstWord = FirstWord(lower);
        if (EnglishLexicon.SecondPersonStarts.Contains(firstWord) || EnglishLexicon.ImperativeStarts.Contains(firstWord))
        {
            return null;
        }

        var subjectName = speaker ?? UnknownSpeaker;
        trimmed = SupplyImpliedSubject(trimmed, firstWord, speaker);
        if (!HasVerbHint(lower))
        {
            return null;
        }

        var rewritten = PronounRewriter.Rewrite(trimmed, subjectName, listener ?? UnknownListener, out var firstPerson);
        // Short statements survive only when they carry a triple ("Caroline is a nurse", "Caroline is single").
        var thin = TextAnalyzer.Analyze(rewritten).Count < MinContentTerms;

        var dates = RelativeDateResolver.FindAll(rewritten, eventTime);
        var dated = dates.Count > 0 ? RelativeDateResolver.Rewrite(rewritten, eventTime) : rewritten;
        var attributed = speaker is not null && !ContainsWord(dated, speaker);
        if (attributed)
        {
            dated = speaker + " said " + LowerFirstWord(dated, knownNames);
        }

        var factText = Finish(dated);
        if (factText.Length < 2)
        {
            return null;
        }

        var factEntities = new List<string>();
        foreach (var entity in entities)
        {
            if (ContainsWord(factText, entity.Name))
            {
                factEntities.Add(entity.Name);
            }
        }

        var triples = new List<ExtractedTriple>();
        TripleRules.Extract(factText, knownNames, participants, triples);
        if (thin && triples.Count == 0)
        {
            return null;
        }

        return new ExtractedFact(
            factText,
            speaker ?? LeadingEntity(factText, entities) ?? UnknownSpeaker,
            triples,
            factEntities,
            dates.Count > 0 ? dates[0].Date : null,
            Confidence(lower, firstPerson, attributed, triples.Count > 0));
    }

    /// <summary>
    /// Confidence heuristic: 0.6 for a statement naming the speaker (0.45 when only attributed), +0.1 for a
    /// first-person statement, +0.1 when a triple was recognized, −0.15 for hedges; clamped to [0.1, 0.95].
    /// </summary>
    private static double Confidence(string lower, bool firstPerson, bool attributed, bool hasTriple)
    {
        var confidence = attributed ? 0.45 : 0.6;
        if (firstPerson)
        {
            confidence += 0.1;
        }

        if (hasTriple)
        {
            confidence += 0.1;
        }

        foreach (var token in WordScanner.Scan(lower))
        {
            if (EnglishLexicon.Hedges.Contains(lower.Substring(token.Start, token.Length)))
            {
                confidence -= 0.15;
                break;
            }
        }

        return Math.Round(Math.Clamp(confidence, 0.1, 0.95), 2);
    }

    private static List<ExtractedEntity> CollectEntities(List<string> sentences, List<string> captions, List<string> participants)
    {
        var candidates = new List<EntityFinder.Candidate>();
        foreach (var sentence in sentences)
        {
            EntityFinder.Collect(sentence, participants, candidates);
        }

        foreach (var caption in captions)
        {
            EntityFinder.Collect(caption, participants, candidates);
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var participant in participants)
        {
            known.Add(participant.ToLowerInvariant());
        }

        foreach (var candidate in candidates)
        {
            if (!candidate.SentenceInitial)
            {
                known.Add(candidate.Name.ToLowerInvariant());
            }
        }

        var entities = new List<ExtractedEntity>();
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var participant in participants)
        {
            if (index.TryAdd(participant, entities.Count))
            {
                entities.Add(new ExtractedEntity(participant, EntityKind.Person));
            }
        }

        foreach (var candidate in candidates)
        {
            if (candidate.SentenceInitial && !EntityFinder.AcceptInitial(candidate, known))
            {
                continue;
            }

            if (index.TryGetValue(candidate.Name, out var at))
            {
                if (entities[at].Kind == EntityKind.Other && candidate.Kind != EntityKind.Other)
                {
                    entities[at] = entities[at] with { Kind = candidate.Kind };
                }
            }
            else
            {
                index[candidate.Name] = entities.Count;
                entities.Add(new ExtractedEntity(candidate.Name, candidate.Kind));
            }
        }

        return entities;
    }

    /// <summary>Drops a leading "&lt;speaker&gt;:" when it names the given speaker.</summary>
    internal static string StripSpeakerPrefix(string text, string? speaker)
    {
        var trimmed = text.TrimStart();
        if (speaker is null || !trimmed.StartsWith(speaker, StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var k = speaker.Length;
        while (k < trimmed.Length && trimmed[k] is ' ' or '\t')
        {
            k++;
        }

        return k < trimmed.Length && trimmed[k] == ':' ? trimmed[(k + 1)..] : text;
    }

    /// <summary>Removes every "[image: …]" segment from <paramref name="text"/> and returns their captions separately.</summary>
    internal static string SplitCaptions(string text, out List<string> captions)
    {
        captions = [];
        var open = text.IndexOf("[image", StringComparison.OrdinalIgnoreCase);
        if (open < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        while (open >= 0)
        {
            builder.Append(text, position, open - position);
            var close = text.IndexOf(']', open);
            var end = close < 0 ? text.Length : close + 1;
            var inner = text[(open + 1)..(close < 0 ? text.Length : close)];
            var colon = inner.IndexOf(':', StringComparison.Ordinal);
            captions.Add((colon >= 0 ? inner[(colon + 1)..] : inner[5..]).Trim());
            position = end;
            open = position < text.Length ? text.IndexOf("[image", position, StringComparison.OrdinalIgnoreCase) : -1;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static string? CleanName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var cleaned = string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length > 100 ? cleaned[..100] : cleaned;
    }

    /// <summary>A question ends with "?" (possibly followed by closing quotes, emoji or more punctuation).</summary>
    private static bool IsQuestion(string sentence)
    {
        for (var k = sentence.Length - 1; k >= 0; k--)
        {
            var c = sentence[k];
            if (c == '?')
            {
                return true;
            }

            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsReaction(string lower)
    {
        foreach (var prefix in EnglishLexicon.ReactionPrefixes)
        {
            if (lower.StartsWith(prefix, StringComparison.Ordinal)
                && (lower.Length == prefix.Length || prefix[^1] == ' ' || !char.IsLetterOrDigit(lower[prefix.Length])))
            {
                return true;
            }
        }

        return false;
    }

    private static string FirstWord(string lower)
    {
        var tokens = WordScanner.Scan(lower);
        return tokens.Count == 0 ? string.Empty : lower.Substring(tokens[0].Start, tokens[0].Length);
    }

    /// <summary>"Gonna continue my edu" → "Caroline is gonna continue my edu": chat often drops the "I".</summary>
    private static string SupplyImpliedSubject(string trimmed, string firstWord, string? speaker)
    {
        if (speaker is null || !EnglishLexicon.ImpliedSubjectVerbs.TryGetValue(firstWord, out var verb)
            || trimmed.Length <= firstWord.Length || trimmed[firstWord.Length] != ' ')
        {
            return trimmed;
        }

        var rest = trimmed[firstWord.Length..];
        var next = FirstWord(rest.ToLowerInvariant());
        if (next.Length == 0 || next is "i" or "i'm" or "i've" or "we" or "you" or "he" or "she" or "they" or "it" or "it's" or "that" or "this")
        {
            return trimmed;
        }

        // "Just got back" has an implied "I"; "Just seeing the sunset" does not.
        if (firstWord is "just" or "finally" or "recently"
            && !(next.EndsWith("ed", StringComparison.Ordinal) || EnglishLexicon.IrregularPast.Contains(next)))
        {
            return trimmed;
        }

        return speaker + " " + verb + rest;
    }

    /// <summary>
    /// Whether the sentence has something verb-like: an auxiliary or common verb, an -ed/-ing form, an irregular
    /// past, a negated auxiliary ("wasn't"), or a subject pronoun followed by another word ("I wish …").
    /// </summary>
    private static bool HasVerbHint(string lower)
    {
        var tokens = WordScanner.Scan(lower);
        for (var k = 0; k < tokens.Count; k++)
        {
            var word = lower.Substring(tokens[k].Start, tokens[k].Length);
            if (EnglishLexicon.VerbHints.Contains(word)
                || EnglishLexicon.IrregularPast.Contains(word)
                || (word.Length > 4 && (word.EndsWith("ed", StringComparison.Ordinal) || word.EndsWith("ing", StringComparison.Ordinal)))
                || word.EndsWith("n't", StringComparison.Ordinal)
                || word.EndsWith("'m", StringComparison.Ordinal) || word.EndsWith("'re", StringComparison.Ordinal)
                || word.EndsWith("'ve", StringComparison.Ordinal) || word.EndsWith("'ll", StringComparison.Ordinal)
                || (word is "i" or "we" or "he" or "she" or "they" && k + 1 < tokens.Count))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Lowercases the first word for "X said …", unless it is a name, an acronym or a known entity.</summary>
    private static string LowerFirstWord(string text, HashSet<string> knownNames)
    {
        var tokens = WordScanner.Scan(text, includeHyphens: true);
        if (tokens.Count == 0)
        {
            return text;
        }

        var first = tokens[0];
        var word = text.Substring(first.Start, first.Length);
        var bare = word.EndsWith("'s", StringComparison.Ordinal) || word.EndsWith("\u2019s", StringComparison.Ordinal) ? word[..^2] : word;
        if (!char.IsUpper(word[0]) || knownNames.Contains(bare) || knownNames.Any(n => text.AsSpan(first.Start).StartsWith(n, StringComparison.Ordinal) && n.Contains(' ', StringComparison.Ordinal)))
        {
            return text;
        }

        if (word.Length > 1 && (char.IsUpper(word[1]) || word == "I"))
        {
            return text;
        }

        return string.Concat(text.AsSpan(0, first.Start), char.ToLowerInvariant(word[0]).ToString(), text.AsSpan(first.Start + 1));
    }

    /// <summary>Collapses whitespace, replaces trailing punctuation and symbols by one period, capitalizes.</summary>
    private static string Finish(string text)
    {
        var builder = new StringBuilder(text.Length + 1);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c == '\u2019' ? '\'' : c);
        }

        var end = builder.Length;
        while (end > 0 && !char.IsLetterOrDigit(builder[end - 1]) && builder[end - 1] is not ('"' or ')' or '\u201D' or '\''))
        {
            end--;
        }

        builder.Length = end;
        if (end == 0)
        {
            return string.Empty;
        }

        for (var k = 0; k < builder.Length; k++)
        {
            if (char.IsLetter(builder[k]))
            {
                builder[k] = char.ToUpperInvariant(builder[k]);
                break;
            }
        }

        return builder.Append('.').ToString();
    }

    /// <summary>Whether <paramref name="name"/> occurs in <paramref name="text"/> as whole words (case-insensitive).</summary>
    internal static bool ContainsWord(string text, string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        for (var at = text.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var afterIndex = at + name.Length;
            var after = afterIndex >= text.Length || !char.IsLetterOrDigit(text[afterIndex]);
            if (before && after)
            {
                return true;
            }

            if (at + 1 >= text.Length)
            {
                break;
            }
        }

        return false;
    }

    private static string? LeadingEntity(string text, IReadOnlyList<ExtractedEntity> entities) =>
        entities.FirstOrDefault(e => e.Kind == EntityKind.Person && text.StartsWith(e.Name, StringComparison.Ordinal))?.Name;

    private static bool SameTriple(ExtractedTriple a, ExtractedTriple b) =>
        string.Equals(a.Subject, b.Subject, StringComparison.OrdinalIgnoreCase)
        && a.Relation == b.Relation
        && string.Equals(a.Object, b.Object, StringComparison.OrdinalIgnoreCase);
}
