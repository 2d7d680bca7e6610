namespace AgentMemory.Core;

/// <summary>
/// Receives each analyzed term from <see cref="TextAnalyzer"/> as spans over scratch buffers, so
/// consumers that only hash terms (the embedder) never allocate a string per token.
/// </summary>
internal interface ITermSink
{
    /// <param name="surface">The lowercased word with apostrophes removed, before stemming.</param>
    /// <param name="stem">The Porter stem of <paramref name="surface"/>.</param>
    void Accept(scoped ReadOnlySpan<char> surface, scoped ReadOnlySpan<char> stem);
}
