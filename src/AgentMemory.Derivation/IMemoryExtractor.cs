using AgentMemory.Core.Extraction;

namespace AgentMemory.Derivation;

/// <summary>Derives atomic facts, entities and triples from one episode.</summary>
public interface IMemoryExtractor
{
    /// <param name="episode">The episode.</param>
    /// <param name="otherParticipant">Who the speaker is talking to, when known (resolves "you").</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What was found; empty rather than an exception when the episode yields nothing usable.</returns>
    Task<ExtractionResult> ExtractAsync(EpisodeForDerivation episode, string? otherParticipant, CancellationToken cancellationToken);
}
