using System.Collections.Frozen;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// The relation vocabulary of <see cref="ExtractedTriple"/> and which relations hold a single value at a time.
/// </summary>
/// <remarks>
/// <para>
/// Contradiction detection ("Keep Me Updated!") needs to know when a newer triple replaces an older one: a person
/// lives in one city at a time, so (Caroline, lives_in, Boston) invalidates (Caroline, lives_in, Austin); but liking
/// hiking does not stop anyone liking painting. Single-valued relations are the first kind; every other relation,
/// including unknown ones, is multi-valued, because wrongly invalidating a true fact loses memory while wrongly
/// keeping two values only adds noise that recall can rank.
/// </para>
/// <para>
/// Single-valued: <see cref="LivesIn"/>, <see cref="WorksAt"/>, <see cref="WorksAs"/>, <see cref="MarriedTo"/>,
/// <see cref="Dating"/>, <see cref="RelationshipStatus"/>, <see cref="From"/>, and every <c>favorite_*</c>.
/// </para>
/// </remarks>
public static class RelationCatalog
{
    /// <summary>Current home ("lives in", "moved to" a named place).</summary>
    public const string LivesIn = "lives_in";

    /// <summary>A former home ("lived in").</summary>
    public const string LivedIn = "lived_in";

    /// <summary>A move ("moved to"); also implies <see cref="LivesIn"/> for a named place.</summary>
    public const string MovedTo = "moved_to";

    /// <summary>Employer ("works at/for").</summary>
    public const string WorksAt = "works_at";

    /// <summary>Occupation ("works as a …").</summary>
    public const string WorksAs = "works_as";

    /// <summary>Things liked, loved or enjoyed.</summary>
    public const string Likes = "likes";

    /// <summary>Things disliked or hated.</summary>
    public const string Dislikes = "dislikes";

    /// <summary>Prefix of favorite relations: <c>favorite_book</c>, <c>favorite_color</c>, ….</summary>
    public const string FavoritePrefix = "favorite_";

    /// <summary>Pets (by name when given, else the animal).</summary>
    public const string HasPet = "has_pet";

    /// <summary>Children ("has two kids").</summary>
    public const string HasChildren = "has_children";

    /// <summary>Places and events attended or visited.</summary>
    public const string WentTo = "went_to";

    /// <summary>Identity or role ("is a counselor").</summary>
    public const string Is = "is";

    /// <summary>Spouse.</summary>
    public const string MarriedTo = "married_to";

    /// <summary>Current romantic partner.</summary>
    public const string Dating = "dating";

    /// <summary>A past partner.</summary>
    public const string BrokeUpWith = "broke_up_with";

    /// <summary>Single, married, divorced, engaged, widowed, separated.</summary>
    public const string RelationshipStatus = "relationship_status";

    /// <summary>Subjects studied or learned.</summary>
    public const string Studies = "studies";

    /// <summary>Instruments, sports and games played.</summary>
    public const string Plays = "plays";

    /// <summary>Origin ("is from Sweden").</summary>
    public const string From = "from";

    /// <summary>Groups joined.</summary>
    public const string MemberOf = "member_of";

    /// <summary>Places volunteered at.</summary>
    public const string VolunteersAt = "volunteers_at";

    private static readonly FrozenSet<string> SingleValued = FrozenSet.Create(
        StringComparer.Ordinal, LivesIn, WorksAt, WorksAs, MarriedTo, Dating, RelationshipStatus, From);

    // Relations that end another with the same object: breaking up with Sam ends dating Sam.
    private static readonly FrozenDictionary<string, string[]> EndedBy = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [BrokeUpWith] = [Dating, MarriedTo],
        ["divorced"] = [MarriedTo],
        ["quit"] = [WorksAt, WorksAs],
        ["left"] = [WorksAt],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The slot a relation fills: moving somewhere sets where one lives.</summary>
    public static string SlotOf(string relation) => relation == MovedTo ? LivesIn : relation;

    /// <summary>The relations (slots) that a relation ends when the object is the same.</summary>
    public static IReadOnlyList<string> Ends(string relation) => EndedBy.GetValueOrDefault(relation) ?? [];

    /// <summary>
    /// The single-valued slots a new fact with this relation can contradict: its own slot (a
    /// different object), and the slots it ends (the same object). Both the update decision and
    /// the grain's index of current slot holders use this, whichever decider runs.
    /// </summary>
    public static IEnumerable<string> SlotsAffectedBy(string relation)
    {
        var slot = SlotOf(relation);
        if (IsSingleValued(slot))
        {
            yield return slot;
        }

        foreach (var ended in Ends(relation))
        {
            yield return ended;
        }
    }

    /// <summary>
    /// Whether a subject holds at most one value of <paramref name="relation"/> at a time, so that a newer triple
    /// with a different object contradicts (invalidates) an older one. False for null, empty and unknown relations.
    /// </summary>
    public static bool IsSingleValued(string? relation) =>
        !string.IsNullOrEmpty(relation)
        && (SingleValued.Contains(relation)
            || (relation.StartsWith(FavoritePrefix, StringComparison.Ordinal) && relation.Length > FavoritePrefix.Length));

    /// <summary>
    /// Turns a free phrase into a relation name: lowercase, runs of non-letters/digits become one underscore
    /// ("Favorite Book" → "favorite_book"). Lets an LLM-backed extractor's relations share this vocabulary.
    /// </summary>
    public static string Normalize(string? phrase)
    {
        if (string.IsNullOrWhiteSpace(phrase))
        {
            return string.Empty;
        }

        var buffer = new char[phrase.Length];
        var length = 0;
        var pendingUnderscore = false;
        foreach (var c in phrase)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingUnderscore && length > 0)
                {
                    buffer[length++] = '_';
                }

                pendingUnderscore = false;
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if (c != '\'' && c != '\u2019')
            {
                pendingUnderscore = true;
            }
        }

        return new string(buffer, 0, length);
    }
}
