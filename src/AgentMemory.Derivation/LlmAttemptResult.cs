namespace AgentMemory.Derivation;

/// <summary>The outcome of <see cref="LlmStructuredOutput.AskAsync{TReply}"/>: a valid reply, or why there is none.</summary>
/// <param name="Reply">The first valid reply; null when every attempt failed.</param>
/// <param name="Failure">What was wrong with the last reply; null on success.</param>
/// <param name="Attempts">Calls made to the model.</param>
internal sealed record LlmAttemptResult<TReply>(TReply? Reply, string? Failure, int Attempts)
    where TReply : class;
