using System.ComponentModel;

namespace AgentMemory.Derivation;

/// <summary>
/// The JSON the extraction model answers with (snake_case on the wire). Its schema is sent as
/// <c>response_format</c>, so the descriptions here are instructions the model reads.
/// </summary>
/// <remarks>
/// The declared nullability is the schema the model is asked for (only <c>valid_from</c> may be null); the reply is
/// untrusted all the same, so readers treat every member as possibly null and let validation, not the serializer,
/// decide what is usable.
/// </remarks>
internal sealed class LlmExtractionReply
{
    [Description("Atomic, self-contained facts worth remembering from the turn; empty when there are none.")]
    public List<FactItem> Facts { get; set; } = [];

    [Description("Named entities mentioned in the turn: people, places, organizations, pets, titles, events.")]
    public List<EntityItem> Entities { get; set; } = [];

    [Description("Triples not already listed under a fact; usually empty.")]
    public List<TripleItem> Triples { get; set; } = [];

    /// <summary>One fact.</summary>
    internal sealed class FactItem
    {
        [Description("One sentence, true out of context: people named instead of pronouns, dates absolute.")]
        public string Text { get; set; } = string.Empty;

        [Description("Whom the fact is about, usually a person's name.")]
        public string Subject { get; set; } = string.Empty;

        [Description("The date the fact became true or happened as yyyy-MM-dd, when the turn states or implies one; otherwise null.")]
        public string? ValidFrom { get; set; }

        [Description("(subject, relation, object) statements in the fact; empty when none fits.")]
        public List<TripleItem> Triples { get; set; } = [];

        [Description("Names of the entities the fact mentions.")]
        public List<string> Entities { get; set; } = [];
    }

    /// <summary>One triple.</summary>
    internal sealed class TripleItem
    {
        [Description("Who or what the statement is about, usually a person's name.")]
        public string Subject { get; set; } = string.Empty;

        [Description("snake_case verb phrase, e.g. lives_in, works_at, likes, favorite_book.")]
        public string Relation { get; set; } = string.Empty;

        [Description("A short noun phrase of at most six words, lowercase except proper nouns.")]
        public string Object { get; set; } = string.Empty;
    }

    /// <summary>One entity.</summary>
    internal sealed class EntityItem
    {
        [Description("The name as written, without a possessive 's.")]
        public string Name { get; set; } = string.Empty;

        [Description("One of: person, place, organization, other.")]
        public string Kind { get; set; } = string.Empty;
    }
}
