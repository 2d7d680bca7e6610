using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentMemory.Derivation;

/// <summary>
/// The JSON the update-decision model answers with (snake_case on the wire; the descriptions are part of the
/// schema the model reads). Existing facts are referred to by their position in the prompt, never by id.
/// </summary>
internal sealed class LlmDecisionReply
{
    /// <remarks>An enum in the schema, so a server with guided decoding cannot answer anything else.</remarks>
    [Description("What to do with the new fact.")]
    [JsonConverter(typeof(OperationConverter))]
    public FactOperation Operation { get; set; }

    [Description("Numbers of the existing facts the operation acts on: one for UPDATE and MERGE, one or more for INVALIDATE, none for ADD and NOOP.")]
    public List<int> Targets { get; set; } = [];

    [Description("For UPDATE: the rewritten fact, one self-contained sentence; otherwise null.")]
    public string? Text { get; set; }

    [Description("Why, in one short sentence.")]
    public string Reason { get; set; } = string.Empty;

    /// <summary>ADD, UPDATE, INVALIDATE, MERGE, NOOP on the wire; numbers are not operations.</summary>
    internal sealed class OperationConverter() : JsonStringEnumConverter<FactOperation>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false);
}
