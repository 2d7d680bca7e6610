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
}
