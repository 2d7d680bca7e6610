using System.Globalization;

namespace AgentMemory.Tooling;

/// <summary>
/// Durations as operators type them on a command line: "20s", "500ms", "2m", "1h" or plain
/// seconds ("20", "1.5"). Linked into the command-line tools that take durations, each of
/// which reports a bad value in its own way.
/// </summary>
internal static class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var t = text.Trim().ToLowerInvariant();
        double factor = 1000;
        if (t.EndsWith("ms", StringComparison.Ordinal))
        {
            factor = 1;
            t = t[..^2];
        }
        else if (t.EndsWith('s'))
        {
            t = t[..^1];
        }
        else if (t.EndsWith('m'))
        {
            factor = 60_000;
            t = t[..^1];
        }
        else if (t.EndsWith('h'))
        {
            factor = 3_600_000;
            t = t[..^1];
        }

        // NaN, infinities and values past TimeSpan's range are not durations (TimeSpan would throw).
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= 0) || !double.IsFinite(value)
            || value * factor >= TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(value * factor);
        return true;
    }
}
