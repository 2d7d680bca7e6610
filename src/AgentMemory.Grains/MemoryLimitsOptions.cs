using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Grains;

/// <summary>
/// Size limits on requests and users. Bound from <c>AgentMemory:Limits</c>. Requests over a
/// per-request limit are INVALID_ARGUMENT; a user over its quota is RESOURCE_EXHAUSTED.
/// </summary>
public sealed class MemoryLimitsOptions
{
    public const string SectionName = "AgentMemory:Limits";

    [Range(1, 100_000)] public int MaxEventsPerRemember { get; set; } = 1000;
    [Range(1, 1_000_000)] public int MaxTextLength { get; set; } = 32_768;
    [Range(2, 1_000_000)] public int MaxMetadataBytes { get; set; } = 16_384;
    [Range(1, 4096)] public int MaxFieldLength { get; set; } = 256;
    [Range(1, 100_000_000)] public int MaxMemoriesPerUser { get; set; } = 1_000_000;
    [Range(1, 1000)] public int MaxK { get; set; } = 100;
    [Range(1, 1_000_000)] public int MaxQueryLength { get; set; } = 8192;
    [Range(1, 1_000_000)] public int MaxTokenBudget { get; set; } = 100_000;
    [Range(1, 1_000_000)] public int DefaultTokenBudget { get; set; } = 1000;
    [Range(1, 100_000)] public int MaxPageSize { get; set; } = 1000;
    [Range(1, 100_000)] public int MaxIdsPerCall { get; set; } = 1000;

    /// <summary>
    /// How long a forgotten memory's id is remembered as forgotten (its id and time only), so that
    /// Forget by ids naming it again succeeds instead of failing NOT_FOUND: a client's retry after a
    /// lost reply. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")] public TimeSpan ForgottenIdRetention { get; set; } = TimeSpan.FromDays(7);
}
