using AgentMemory.Core.Extraction;

namespace AgentMemory.Derivation;

/// <summary>The built-in extractor: Core's rule-based extraction, no model needed.</summary>
public sealed class RuleBasedMemoryExtractor : IMemoryExtractor
{
    private readonly RuleBasedExtractor _extractor = new();

    public Task<ExtractionResult> ExtractAsync(EpisodeForDerivation episode, string? otherParticipant, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_extractor.Extract(episode.Text, episode.Speaker, episode.EventTime, otherParticipant));
    }
}
