using AgentMemory.Core.Extraction;

namespace AgentMemory.Derivation;

/// <summary>Decides how a candidate fact changes what the user's memory holds.</summary>
public interface IFactUpdateDecider
{
    /// <param name="candidate">The new fact.</param>
    /// <param name="similar">The most similar current facts of the same user, most similar first (numbered 1..n for the decision).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<FactDecision> DecideAsync(ExtractedFact candidate, IReadOnlyList<ExistingFact> similar, CancellationToken cancellationToken);
}
