using System.Diagnostics;

namespace AgentMemory.LoadGenerator;

/// <summary>
/// Per-operation results of one run: latencies of successful calls (Stopwatch ticks), at the
/// client and as the service timed them where it said, and failures by status.
/// </summary>
internal sealed class OperationStats
{
    private readonly object _gate = new();
    private readonly List<long> _latencies = [];
    private readonly List<long> _atServer = [];
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);

    public long Calls { get; private set; }
    public long Events { get; private set; }

    public void Merge(List<long> latencies, List<long> atServer, Dictionary<string, long> errors, long events)
    {
        lock (_gate)
        {
            _latencies.AddRange(latencies);
            _atServer.AddRange(atServer);
            foreach (var (code, count) in errors)
            {
                _errors[code] = _errors.GetValueOrDefault(code) + count;
            }

            Calls += latencies.Count + errors.Values.Sum();
            Events += events;
        }
    }

    public long ErrorCount => _errors.Values.Sum();

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public LatencySummary Summarize() => SummaryOf(_latencies);

    /// <summary>The service's own times of the successful calls that reported one.</summary>
    public LatencySummary SummarizeAtServer() => SummaryOf(_atServer);

    private static LatencySummary SummaryOf(List<long> ticks)
    {
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        return LatencySummary.FromSortedTicks(sorted);
    }
}

/// <summary>Latency percentiles in milliseconds (nearest-rank).</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary FromSortedTicks(long[] sorted)
    {
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0, 0);
        }

        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(
            sorted.Length,
            Ms(Percentile(sorted, 0.50)),
            Ms(Percentile(sorted, 0.95)),
            Ms(Percentile(sorted, 0.99)),
            Ms(sorted[^1]),
            sorted.Average(t => Ms(t)));
    }

    /// <summary>Nearest-rank percentile: the smallest value with at least p of all values at or below it.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Length);
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
