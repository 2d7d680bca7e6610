namespace AgentMemory.Derivation;

/// <summary>An episode as the derivation stage sees it.</summary>
public sealed record EpisodeForDerivation(Guid Id, string Text, string? Speaker, string? SessionId, DateTimeOffset EventTime);
