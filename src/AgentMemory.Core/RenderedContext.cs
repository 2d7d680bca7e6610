namespace AgentMemory.Core;

/// <summary>
/// A prompt-ready block of recalled memories together with its estimated cost.
/// </summary>
/// <remarks>
/// The token estimate is returned alongside the text so callers can account for the budget they
/// actually consumed (and report it) without re-estimating.
/// </remarks>
/// <param name="Text">One line per memory, joined by '\n'; empty when nothing fits.</param>
/// <param name="EstimatedTokens"><see cref="TokenEstimator.Estimate(string)"/> of <paramref name="Text"/>.</param>
/// <param name="IncludedCount">How many items appear in the text, a truncated first item included.</param>
public sealed record RenderedContext(string Text, int EstimatedTokens, int IncludedCount);
