namespace AgentMemory.Core;

/// <summary>
/// One recalled memory, ready to be rendered into an LLM prompt by <see cref="ContextRenderer"/>.
/// </summary>
/// <remarks>
/// A deliberately small projection of a stored memory: only what a model needs to read it (what was
/// said, by whom, when), so rendering stays independent of storage and transport types.
/// </remarks>
/// <param name="Text">The memory's content.</param>
/// <param name="Speaker">Who said or wrote it; omitted from the rendering when null or empty.</param>
/// <param name="EventTime">When it happened (rendered in UTC).</param>
/// <param name="Kind">The memory's kind (for example a message or a fact); not rendered, available to callers that group or filter.</param>
public readonly record struct ContextItem(string Text, string? Speaker, DateTimeOffset EventTime, string Kind);
