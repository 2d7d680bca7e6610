using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// Pattern rules that read (subject, relation, object) triples off a rewritten fact sentence.
/// </summary>
/// <remarks>
/// <para>
/// The rules run on the fact after pronoun and date rewriting, so the subject is already a name ("Caroline moved
/// to Boston") and every rule only has to recognize "&lt;Name&gt; &lt;verb phrase&gt; &lt;object&gt;". Subjects are
/// capitalized words; a subject at the very start of the fact must be a known entity, so "Painting is a joy" does
/// not make "Painting" a subject. Objects are cut at the first conjunction, preposition, punctuation or date
/// phrase and limited to six words, with leading determiners dropped; casing is kept, which leaves proper nouns
/// capitalized and the rest lowercase as typed.
/// </para>
/// <para>
/// The vocabulary is modest on purpose: each rule is precise enough that a wrong triple is rarer than a missed
/// one, since a wrong single-valued triple would invalidate a true fact. Regexes are source-generated (no start-up
/// compilation), linear in shape, and carry a timeout whose expiry just skips the rule.
/// </para>
/// </remarks>
internal static partial class TripleRules
{
    private const string Subject = @"(?<s>\b[A-Z][\p{L}\-]*(?: [A-Z][\p{L}\-]*){0,2})(?: and others)? ";
    private const string PossessiveSubject = @"(?<s>\b[A-Z][\p{L}\-]*)'s ";
    private const string Adverbs = "(?:(?:also|really|still|now|just|currently|recently|finally|actually|absolutely|totally|always|usually|definitely|truly|kinda|even|already|officially|all|both|seriously|especially|mostly|happily|proudly|newly|eventually|sometimes|often|never|deeply|genuinely|personally|clearly) )*";
    private const string Object = "(?<o>\"[^\"]{1,80}\"|\u201C[^\u201D]{1,80}\u201D|(?:[^.!?;:,()\\[\\]\"\u201C\u201D]|(?<=\\w)[:.](?=\\w))+)";
    private const string Name = @"(?<n>[A-Z][\p{L}\-]*(?: [A-Z][\p{L}\-]*)?)";
    private const string PetAdjectives = "(?:(?:new|little|cute|sweet|young|old|big|small|pet|rescue|adorable|furry|baby|lovely|beautiful|fluffy|black|white|brown|grey|gray|orange|tabby|golden|two|three) )*";
    private const string Pets = @"(?<pet>dogs?|pupp(?:y|ies)|cats?|kittens?|kitt(?:y|ies)|hamsters?|rabbits?|bunn(?:y|ies)|birds?|parrots?|goldfish|fish|turtles?|tortoises?|guinea pigs?|horses?|ponies|pony|snakes?|lizards?|ferrets?|geckos?)\b";
    private const int TimeoutMilliseconds = 200;
    private const RegexOptions Options = RegexOptions.CultureInvariant;
    private const int MaxObjectWords = 6;

    /// <summary>How a rule's object is validated and cleaned.</summary>
    private enum ObjectMode
    {
        /// <summary>A general noun phrase.</summary>
        NounPhrase,

        /// <summary>A destination: must open with a determiner, a possessive, a name or a bare place noun.</summary>
        Destination,

        /// <summary>A noun phrase that must start with a capitalized name.</summary>
        ProperNoun,

        /// <summary>The captured text as is (a closed word list in the pattern).</summary>
        Literal,
    }

    /// <summary>
    /// One rule. <paramref name="Triggers"/> are substrings, one of which the fact must contain for the regex to
    /// run at all: a vectorized substring search is far cheaper than a regex attempt at every capital letter, and
    /// most facts trigger no rule.
    /// </summary>
    private sealed record Rule(Func<Regex> Pattern, string[] Triggers, string Relation, ObjectMode Mode, string? AlsoRelation = null);

    private static readonly FrozenSet<string> CutWords = FrozenSet.Create(
        StringComparer.Ordinal,
        "and", "but", "or", "because", "since", "so", "as", "with", "while", "when", "where", "which", "who", "whom",
        "that", "to", "for", "on", "in", "at", "from", "by", "after", "before", "during", "until", "till", "about",
        "if", "than", "though", "although", "then", "too", "also", "again", "yesterday", "today", "tonight",
        "tomorrow", "now", "lately", "recently", "every", "last", "next", "really", "anymore", "together", "here",
        "there", "whenever", "like", "even", "just", "soon", "once", "twice", "sometimes", "always", "often",
        "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "it's", "which's", "plus",
        "lol", "haha", "around", "through", "into", "over", "under", "near", "via", "without", "against", "&", "-",
        "ever", "afterward", "afterwards", "later", "earlier", "first", "anyway", "instead", "either", "yet", "still",
        "much", "ago", "lots", "most", "not", "no", "never", "outside", "inside", "outdoors", "indoors", "alone", "online");

    // Nouns ending in "-ly", which the adverb cut must not treat as adverbs.
    private static readonly FrozenSet<string> LyNouns = FrozenSet.Create(
        StringComparer.Ordinal,
        "family", "families", "assembly", "butterfly", "anomaly", "rally", "ally", "jelly", "belly", "lily", "holy",
        "reply", "supply", "bully", "monopoly", "melancholy", "folly", "italy", "july");

    // Verbs that make "loves to X" an attitude rather than an activity ("would love to hear").
    private static readonly FrozenSet<string> VacuousVerbs = FrozenSet.Create(
        StringComparer.Ordinal,
        "hear", "see", "know", "say", "think", "be", "have", "get", "do", "make", "chat", "talk", "tell", "ask",
        "find", "try", "help", "support", "meet", "catch", "check");

    // Plurals in "-ies" whose singular ends in "-ie" ("movies" → "movie", not "movy").
    private static readonly FrozenSet<string> IeNouns = FrozenSet.Create(
        StringComparer.Ordinal,
        "movies", "cookies", "selfies", "zombies", "rookies", "hoodies", "smoothies", "brownies", "calories", "pies",
        "ties", "lies", "goalies", "indies", "veggies", "aussies", "birdies", "freebies", "newbies", "techies");

    private static readonly FrozenSet<string> Months = FrozenSet.Create(
        StringComparer.Ordinal,
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December");

    private static readonly FrozenSet<string> GerundPrepositions = FrozenSet.Create(
        StringComparer.Ordinal, "to", "in", "at", "with", "for", "about", "around", "through", "into");

    private static readonly FrozenSet<string> LeadingDeterminers = FrozenSet.Create(
        StringComparer.Ordinal,
        "a", "an", "the", "some", "any", "this", "that", "these", "those", "his", "her", "their", "its", "another",
        "all", "many", "more", "several", "such", "my", "your", "our", "one", "of", "both", "so", "very", "really");

    private static readonly FrozenSet<string> PronounObjects = FrozenSet.Create(
        StringComparer.Ordinal,
        "it", "them", "this", "that", "him", "her", "everything", "something", "anything", "nothing", "these",
        "those", "there", "here", "you", "me", "us", "what", "which", "one", "ones", "lot", "lots", "bit", "way",
        "stuff", "things", "thing", "doing", "being", "getting", "having", "others", "themselves", "so", "too",
        "much", "more", "most", "all", "same", "other", "kind", "sort", "part", "fan", "member", "little", "how", "what",
        "why", "where", "when", "whether", "who", "if", "each", "every", "both", "either", "neither");

    private static readonly FrozenSet<string> BarePlaces = FrozenSet.Create(
        StringComparer.Ordinal,
        "school", "church", "college", "university", "work", "camp", "class", "classes", "therapy", "yoga",
        "practice", "rehab", "court", "prom", "town", "home", "mass", "temple", "lunch", "dinner", "brunch",
        "breakfast", "karaoke", "hospital", "concerts", "museums", "parties", "meetings", "events", "conferences",
        "workshops", "rallies", "protests", "festivals", "shows", "galleries", "parks", "beaches");

    private static readonly string[] WorkTriggers = ["work", "job", "employed", "intern"];
    private static readonly string[] ToTriggers = [" to "];
    private static readonly string[] MarriageTriggers = ["married", "husband", "wife", "spouse"];
    private static readonly string[] PetTriggers =
    [
        "dog", "pupp", "cat", "kitt", "hamster", "rabbit", "bunn", "bird", "parrot", "fish", "turtle", "tortoise",
        "guinea", "horse", "pon", "snake", "lizard", "ferret", "gecko",
    ];

    private static readonly Rule[] Rules =
    [
        new(FavoriteRegex, ["favorite", "favourite"], RelationCatalog.FavoritePrefix, ObjectMode.NounPhrase),
        new(LivesInRegex, ["live", "resides", "based"], RelationCatalog.LivesIn, ObjectMode.NounPhrase),
        new(LivedInRegex, ["lived", "used to live"], RelationCatalog.LivedIn, ObjectMode.NounPhrase),
        new(MovedToRegex, ["moved", "relocated"], RelationCatalog.MovedTo, ObjectMode.NounPhrase, RelationCatalog.LivesIn),
        new(WorksAtRegex, WorkTriggers, RelationCatalog.WorksAt, ObjectMode.NounPhrase),
        new(WorksAsRegex, WorkTriggers, RelationCatalog.WorksAs, ObjectMode.NounPhrase),
        new(LikesRegex, ["love", "like", "enjoy", "ador", "into", "fan", "passionate", "keen", "obsessed", "crazy"], RelationCatalog.Likes, ObjectMode.NounPhrase),
        new(DislikesRegex, ["hate", "dislike", "like", "stand", "fan", "enjoy"], RelationCatalog.Dislikes, ObjectMode.NounPhrase),
        new(WentToRegex, ToTriggers, RelationCatalog.WentTo, ObjectMode.Destination),
        new(TookToRegex, ToTriggers, RelationCatalog.WentTo, ObjectMode.Destination),
        new(VisitedRegex, ["visit", "toured", "explored"], RelationCatalog.WentTo, ObjectMode.Destination),
        new(MarriedToRegex, MarriageTriggers, RelationCatalog.MarriedTo, ObjectMode.NounPhrase),
        new(MarriedNameRegex, MarriageTriggers, RelationCatalog.MarriedTo, ObjectMode.ProperNoun),
        new(SpouseRegex, MarriageTriggers, RelationCatalog.MarriedTo, ObjectMode.ProperNoun),
        new(DatingRegex, ["dating", "going out"], RelationCatalog.Dating, ObjectMode.NounPhrase),
        new(PartnerRegex, ["boyfriend", "girlfriend", "partner"], RelationCatalog.Dating, ObjectMode.ProperNoun),
        new(BrokeUpRegex, [" up with"], RelationCatalog.BrokeUpWith, ObjectMode.NounPhrase),
        new(StatusRegex, ["single", "divorced", "engaged", "widowed", "separated", "married"], RelationCatalog.RelationshipStatus, ObjectMode.Literal),
        new(StudiesRegex, ["stud", "major", "learn", "class"], RelationCatalog.Studies, ObjectMode.NounPhrase),
        new(PlaysRegex, ["play"], RelationCatalog.Plays, ObjectMode.NounPhrase),
        new(FromRegex, [" from "], RelationCatalog.From, ObjectMode.ProperNoun),
        new(ChildrenRegex, ["kid", "child", "son", "daughter", "boy", "girl"], RelationCatalog.HasChildren, ObjectMode.Literal),
        new(JoinedRegex, ["joined", "member", "signed up"], RelationCatalog.MemberOf, ObjectMode.NounPhrase),
        new(VolunteersRegex, ["volunteer"], RelationCatalog.VolunteersAt, ObjectMode.NounPhrase),
        new(IsRegex, [" is a"], RelationCatalog.Is, ObjectMode.NounPhrase),
    ];

    /// <summary>
    /// Appends the triples of <paramref name="fact"/> to <paramref name="into"/> (deduplicated case-insensitively).
    /// </summary>
    /// <param name="fact">The rewritten fact sentence.</param>
    /// <param name="knownNames">Entity names (any case) that may stand as a subject at the very start of the fact.</param>
    /// <param name="participants">Participants, to map nicknames used as subjects.</param>
    public static void Extract(string fact, ISet<string> knownNames, IReadOnlyList<string> participants, List<ExtractedTriple> into)
    {
        foreach (var rule in Rules)
        {
            if (!ContainsAny(fact, rule.Triggers))
            {
                continue;
            }

            try
            {
                for (var match = rule.Pattern().Match(fact); match.Success; match = match.NextMatch())
                {
                    Apply(rule, match, fact, knownNames, participants, into);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A pathological input: skip this rule for this fact rather than stall the write path.
            }
        }

        if (!ContainsAny(fact, PetTriggers))
        {
            return;
        }

        try
        {
            foreach (var match in PetRegex().Matches(fact).Concat(PetPossessiveRegex().Matches(fact)))
            {
                var subject = CleanSubject(match, fact, knownNames, participants);
                if (subject is null)
                {
                    continue;
                }

                var pet = Singular(match.Groups["pet"].Value);
                var name = match.Groups["n"];
                Add(into, new ExtractedTriple(subject, RelationCatalog.HasPet, name.Success ? name.Value : pet));
                if (name.Success)
                {
                    Add(into, new ExtractedTriple(name.Value, RelationCatalog.Is, pet));
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // As above.
        }
    }

    private static bool ContainsAny(string text, string[] triggers)
    {
        foreach (var trigger in triggers)
        {
            if (text.Contains(trigger, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void Apply(Rule rule, Match match, string fact, ISet<string> knownNames, IReadOnlyList<string> participants, List<ExtractedTriple> into)
    {
        var subject = CleanSubject(match, fact, knownNames, participants);
        if (subject is null)
        {
            return;
        }

        var raw = match.Groups["o"].Value;
        var value = rule.Mode == ObjectMode.Literal ? raw.Trim() : CleanObject(raw, rule.Mode, rule.Relation == RelationCatalog.Likes);
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var relation = rule.Relation;
        if (relation == RelationCatalog.FavoritePrefix)
        {
            relation = FavoriteRelation(match.Groups["x"].Value);
        }
        else if (relation == RelationCatalog.Is && IsOtherRelationsObject(value))
        {
            return;
        }

        Add(into, new ExtractedTriple(subject, relation, value));
        if (rule.AlsoRelation is not null && char.IsUpper(value[0]))
        {
            // "moved to Boston" also says where the subject lives now; "moved to a new house" does not name a place.
            Add(into, new ExtractedTriple(subject, rule.AlsoRelation, value));
        }
    }

    private static string? CleanSubject(Match match, string fact, ISet<string> knownNames, IReadOnlyList<string> participants)
    {
        var group = match.Groups["s"];
        var words = group.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var skip = 0;
        while (skip < words.Length && EnglishLexicon.NonEntityWords.Contains(words[skip].ToLowerInvariant()))
        {
            skip++;
        }

        if (skip == words.Length)
        {
            return null;
        }

        var subject = string.Join(' ', words, skip, words.Length - skip);
        var atFactStart = skip == 0 && fact.AsSpan(0, group.Index).Trim().IsEmpty;
        if (atFactStart && !knownNames.Contains(subject))
        {
            return null;
        }

        return EntityFinder.Canonicalize(subject, participants);
    }

    /// <summary>Cuts a captured object down to its head noun phrase; null when nothing usable is left.</summary>
    private static string? CleanObject(string raw, ObjectMode mode, bool stripLeadingTo)
    {
        var text = raw.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text[0] is '"' or '\u201C')
        {
            var inner = text.Trim('"', '\u201C', '\u201D').Trim();
            return inner.Length == 0 || mode == ObjectMode.Destination ? null : inner;
        }

        var dash = text.IndexOf(" - ", StringComparison.Ordinal);
        if (dash >= 0)
        {
            text = text[..dash];
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(Math.Min(words.Length, 8));
        var index = 0;
        if (stripLeadingTo && words.Length > 1 && words[0] == "to")
        {
            index = 1;
        }

        var firstOriginal = index < words.Length ? words[index] : string.Empty;
        var extendedGerund = false;
        for (; index < words.Length; index++)
        {
            var word = words[index].TrimEnd('\'', '\u2019', '!', '?', '.');
            var lower = word.ToLowerInvariant();
            if (word.Length == 0)
            {
                break;
            }

            var isAdverb = lower.Length > 5 && lower.EndsWith("ly", StringComparison.Ordinal) && !char.IsUpper(word[0]) && !LyNouns.Contains(lower);
            if (CutWords.Contains(lower) || isAdverb)
            {
                // "loves going to the beach": a lone gerund keeps its prepositional complement.
                if (!extendedGerund && kept.Count == 1 && kept[0].EndsWith("ing", StringComparison.Ordinal) && GerundPrepositions.Contains(lower)
                    && index + 1 < words.Length && !StartsDatePhrase(words, index + 1))
                {
                    extendedGerund = true;
                    kept.Add(word);
                    continue;
                }

                break;
            }

            if (lower == "the" && index + 2 < words.Length && words[index + 1] is "week" or "weekend" && words[index + 2] == "of")
            {
                break;
            }

            kept.Add(word);
        }

        var start = 0;
        while (start < kept.Count && LeadingDeterminers.Contains(kept[start].ToLowerInvariant()))
        {
            start++;
        }

        if (start < kept.Count && kept[start] is "lots" or "lot" && start + 1 < kept.Count && kept[start + 1] == "of")
        {
            start += 2;
        }

        if (start >= kept.Count)
        {
            return null;
        }

        var head = kept[start];
        var headLower = head.ToLowerInvariant();
        if (PronounObjects.Contains(headLower) || !head.Any(char.IsLetter)
            || (!char.IsUpper(head[0]) && (EnglishLexicon.VerbHints.Contains(headLower) || EnglishLexicon.IrregularPast.Contains(headLower) || VacuousVerbs.Contains(headLower))))
        {
            return null;
        }

        switch (mode)
        {
            case ObjectMode.Destination:
                var opener = firstOriginal.ToLowerInvariant();
                if (!(LeadingDeterminers.Contains(opener) || char.IsUpper(firstOriginal[0]) || opener.EndsWith("'s", StringComparison.Ordinal)
                    || BarePlaces.Contains(opener)))
                {
                    return null;
                }

                break;
            case ObjectMode.ProperNoun:
                if (!char.IsUpper(head[0]))
                {
                    return null;
                }

                break;
            default:
                break;
        }

        var count = Math.Min(kept.Count - start, MaxObjectWords);
        return string.Join(' ', kept.GetRange(start, count));
    }

    /// <summary>Whether the words from <paramref name="at"/> begin a rewritten date ("7 May 2023", "April 2023", "the week of").</summary>
    private static bool StartsDatePhrase(string[] words, int at)
    {
        var word = words[at];
        return char.IsAsciiDigit(word[0])
            || Months.Contains(word)
            || (word == "the" && at + 1 < words.Length && words[at + 1] is "week" or "weekend");
    }

    /// <summary>"book" → favorite_book; "movies" → favorite_movie; "tv show" → favorite_tv_show.</summary>
    private static string FavoriteRelation(string thing)
    {
        var words = thing.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 0)
        {
            words[^1] = Singular(words[^1]);
        }

        return RelationCatalog.FavoritePrefix + RelationCatalog.Normalize(string.Join(' ', words));
    }

    /// <summary>A light singularizer for the closed vocabularies above ("puppies" → "puppy", "cats" → "cat").</summary>
    internal static string Singular(string word)
    {
        if (word is "series" or "species")
        {
            return word;
        }

        if (IeNouns.Contains(word))
        {
            return word[..^1];
        }

        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }

        if (word.EndsWith('s') && word.Length > 3 && !word.EndsWith("ss", StringComparison.Ordinal)
            && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    /// <summary>Objects of "is a …" that belong to other relations or say nothing ("a fan of", "a bit tired").</summary>
    private static bool IsOtherRelationsObject(string value)
    {
        var first = value.Split(' ')[0].ToLowerInvariant();
        return first is "fan" or "member" or "bit" or "little" or "lot" or "kind" or "sort" or "part" or "big" or "huge"
            || value.Contains(" fan", StringComparison.OrdinalIgnoreCase);
    }

    private static void Add(List<ExtractedTriple> into, ExtractedTriple triple)
    {
        foreach (var existing in into)
        {
            if (string.Equals(existing.Subject, triple.Subject, StringComparison.OrdinalIgnoreCase)
                && existing.Relation == triple.Relation
                && string.Equals(existing.Object, triple.Object, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        into.Add(triple);
    }

    [GeneratedRegex(PossessiveSubject + "(?:all-time |absolute |very |top |current |new |biggest |ultimate )?favou?rite (?<x>[a-z]+(?: [a-z]+)?) (?:is|was|are|were|has to be|has always been|has been|would be|right now is) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex FavoriteRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:lives|live|is living|are living|has been living|have been living|has lived|have lived|resides|is based|are based) in " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex LivesInRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:lived|used to live) in " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex LivedInRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:moved|relocated|has moved|have moved|has relocated) (?:back |away |over |out )?(?:to|into) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex MovedToRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:works|work|is working|are working|has been working|has worked|started working|got a job|has a job|started a (?:new )?job|landed a job|is employed|is interning|interns) (?:at|for|by) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex WorksAtRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:works|work|is working|has been working|has worked|started working|got a job|has a job|started a (?:new )?job|landed a job|is employed) as (?:a|an) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex WorksAsRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:loves|love|likes|like|enjoys|enjoy|adores|adore|is into|are into|is (?:a |such a )?(?:big |huge )?fan of|are (?:big |huge )?fans of|is passionate about|are passionate about|is keen on|is obsessed with|is crazy about) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex LikesRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:hates|hate|dislikes|dislike|doesn't like|does not like|don't like|do not like|can't stand|cannot stand|is not a fan of|isn't a fan of|doesn't enjoy|does not enjoy) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex DislikesRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:has|have|had|got|adopted|owns|own|bought|rescued|took in|gets|adopt) (?:a|an|two|three|four|\\d+|another|a new) " + PetAdjectives + Pets + "(?:,? (?:named|called) " + Name + ")?", Options, TimeoutMilliseconds)]
    private static partial Regex PetRegex();

    [GeneratedRegex(PossessiveSubject + PetAdjectives + "(?<pet>dog|puppy|cat|kitten|kitty|hamster|rabbit|bunny|bird|parrot|turtle|horse|pony|snake|lizard|ferret|gecko),? (?:named |called )?" + Name, Options, TimeoutMilliseconds)]
    private static partial Regex PetPossessiveRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:went|goes|go|has gone|have gone|has been|have been|traveled|travelled|headed|flew|drove|went back|came back) (?:back |out |over |down |up |all the way )?to " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex WentToRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:took|takes|take|brought|brings|bring) (?:[\\p{L}'\u2019]+ ){1,4}?to (?<o>(?:a|an|the) [^.!?;:,()]+)", Options, TimeoutMilliseconds)]
    private static partial Regex TookToRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:visited|visits|toured|explored) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex VisitedRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:is|was|got|has been|have been|are|were) (?:happily )?married to " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex MarriedToRegex();

    [GeneratedRegex(Subject + Adverbs + "married (?<o>[A-Z][^.!?;:,()]*)", Options, TimeoutMilliseconds)]
    private static partial Regex MarriedNameRegex();

    [GeneratedRegex(PossessiveSubject + "(?:husband|wife|spouse),? (?<o>[A-Z][\\p{L}\\-]*(?: [A-Z][\\p{L}\\-]*)?)", Options, TimeoutMilliseconds)]
    private static partial Regex SpouseRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:is|are|has been|have been|started|was|were) (?:dating|going out with) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex DatingRegex();

    [GeneratedRegex(PossessiveSubject + "(?:boyfriend|girlfriend|partner),? (?<o>[A-Z][\\p{L}\\-]*(?: [A-Z][\\p{L}\\-]*)?)", Options, TimeoutMilliseconds)]
    private static partial Regex PartnerRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:broke|has broken|had broken|have broken|split|splits) up with " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex BrokeUpRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:is|has been|got|became|are|just got) (?:now )?(?<o>single|divorced|engaged|widowed|separated|married)\\b(?! to)", Options, TimeoutMilliseconds)]
    private static partial Regex StatusRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:studies|study|is studying|are studying|studied|has been studying|majors in|majored in|is majoring in|is learning|learns|learned|is taking classes in|is taking a class in|took a class in) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex StudiesRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:plays|play|played|is playing|has been playing|are playing|started playing|is learning to play|learned to play|learned how to play) (?:the )?" + Object, Options, TimeoutMilliseconds)]
    private static partial Regex PlaysRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:is|are|comes|come|came|was) (?:originally )?from (?<o>[A-Z][^.!?;:,()]*)", Options, TimeoutMilliseconds)]
    private static partial Regex FromRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:has|have) (?<o>(?:a|one|two|three|four|five|six|\\d+) (?:(?:young|little|wonderful|amazing|beautiful|lovely|awesome|great) )?(?:kids?|children|child|sons?|daughters?|boys?|girls?))\\b", Options, TimeoutMilliseconds)]
    private static partial Regex ChildrenRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:joined|is a member of|became a member of|signed up for) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex JoinedRegex();

    [GeneratedRegex(Subject + Adverbs + "(?:volunteers|volunteer|volunteered|is volunteering|has been volunteering|started volunteering) (?:at|with|for) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex VolunteersRegex();

    // Present tense only: "when Caroline was a kid" is not an identity.
    [GeneratedRegex(Subject + Adverbs + "is (?:a|an) " + Object, Options, TimeoutMilliseconds)]
    private static partial Regex IsRegex();
}
