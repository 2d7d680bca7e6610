namespace AgentMemory.Derivation;

/// <summary>Recursive summaries: sessions, then the rolling user profile and period summaries built from them.</summary>
public interface IMemorySummarizer
{
    /// <summary>A summary of one session's turns (in order). Never empty for a non-empty session.</summary>
    Task<string> SummarizeSessionAsync(IReadOnlyList<EpisodeForDerivation> turns, CancellationToken cancellationToken);

    /// <summary>The user profile updated from the previous profile (null at first) and one new session summary.</summary>
    Task<string> UpdateProfileAsync(string? previousProfile, string sessionSummary, CancellationToken cancellationToken);

    /// <summary>A summary of a period (e.g. a month) from its session summaries, oldest first.</summary>
    Task<string> SummarizePeriodAsync(string period, IReadOnlyList<string> sessionSummaries, CancellationToken cancellationToken);
}
