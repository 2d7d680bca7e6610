using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Derivation;

/// <summary>The derivation stage. Bound from <c>AgentMemory:Derivation</c>.</summary>
public sealed class DerivationOptions
{
    public const string SectionName = "AgentMemory:Derivation";

    /// <summary>Derive facts, timelines and summaries from episodes in the background.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Episodes derived per transaction: the unit that is redone after a crash.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 32;

    /// <summary>Pause between batches, to bound the background CPU a busy user takes.</summary>
    public TimeSpan DelayBetweenBatches { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Wait after a step fails (the sidecar or the database unavailable) before the first retry. Each further
    /// failure in a row doubles it, up to <see cref="MaxRetryDelay"/>; a step that succeeds starts over.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest wait between retries of a failing step. A sidecar that rejects every request (a wrong key or model
    /// name) fails each user's derivation until it is fixed; retries go on at this pace, so derivation resumes by
    /// itself once it is, without hammering the sidecar and the database meanwhile.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session with no new episode for this long is summarized.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Existing facts an update decision looks at.</summary>
    [Range(1, 50)] public int SimilarFactsConsidered { get; set; } = 5;

    /// <summary>Cosine at or above which a candidate is the same fact again (MERGE).</summary>
    [Range(0.0, 1.0)] public double MergeSimilarity { get; set; } = 0.9;

    /// <summary>Cosine at or above which a longer candidate about the same subject rewrites the fact (UPDATE).</summary>
    [Range(0.0, 1.0)] public double UpdateSimilarity { get; set; } = 0.75;

    [Range(10, 2000)] public int SessionSummaryMaxWords { get; set; } = 120;

    [Range(10, 5000)] public int ProfileMaxWords { get; set; } = 250;

    [Range(10, 5000)] public int PeriodSummaryMaxWords { get; set; } = 200;

    /// <summary>
    /// The wait before retrying after <paramref name="consecutiveFailures"/> failed steps in a row (1 for the first):
    /// <see cref="RetryDelay"/> doubled per further failure, capped at <see cref="MaxRetryDelay"/>, then jittered down
    /// to no less than half, so that the users an outage failed together do not all retry at the same instant.
    /// </summary>
    public TimeSpan RetryDelayAfter(int consecutiveFailures, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consecutiveFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitter, 1d);
        var doubled = RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(consecutiveFailures - 1, 30));
        var capped = Math.Min(doubled, MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 - (jitter / 2)));
    }
}
