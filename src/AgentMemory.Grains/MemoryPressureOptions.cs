using System.ComponentModel.DataAnnotations;

namespace AgentMemory.Grains;

/// <summary>
/// When the silo lets hot users go because it is running out of memory, not because they are idle.
/// Bound from <c>AgentMemory:MemoryPressure</c>; applied to Orleans' memory-based activation shedding.
/// </summary>
/// <remarks>
/// A hot user of 10,000 memories holds about 20 MB, so a burst of active users can take a silo past
/// its container's limit long before the idle timeout frees anyone, and the kernel's OOM kill loses
/// every hot user and every call in flight at once. With shedding, the silo deactivates the least
/// recently used users until its memory is back under the target; PostgreSQL holds everything, so a
/// shed user costs only a reload (activation) on its next call. Usage is the process's memory against
/// the memory available to it (the container's limit where there is one), checked after a full
/// garbage collection.
/// </remarks>
public sealed class MemoryPressureOptions
{
    public const string SectionName = "AgentMemory:MemoryPressure";

    /// <summary>Whether users are shed under memory pressure (default true; Orleans' own default is off).</summary>
    public bool ShedUsers { get; set; } = true;

    /// <summary>The share of available memory, in per cent, above which users are shed (default 80).</summary>
    [Range(0.01, 100)] public double LimitPercent { get; set; } = 80;

    /// <summary>The share, in per cent, that shedding aims to get back under (default 70; below <see cref="LimitPercent"/>).</summary>
    [Range(0.01, 100)] public double TargetPercent { get; set; } = 70;

    /// <summary>How often memory is checked (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan PollingPeriod { get; set; } = TimeSpan.FromSeconds(5);
}
