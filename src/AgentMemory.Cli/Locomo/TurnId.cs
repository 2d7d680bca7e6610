using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentMemory.Cli.Locomo;

/// <summary>A LoCoMo dialogue id "D&lt;session&gt;:&lt;turn&gt;", e.g. D1:3 = session 1, turn 3.</summary>
internal readonly partial record struct TurnId(int Session, int Turn) : IComparable<TurnId>
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"D{Session}:{Turn}");

    public int CompareTo(TurnId other) => Session != other.Session ? Session.CompareTo(other.Session) : Turn.CompareTo(other.Turn);

    /// <summary>
    /// Parses one id leniently: "D1:3", "d1:3", "D:11:26" (stray colon), "D30:05" (leading zero),
    /// surrounding whitespace and punctuation. Returns false for anything without both numbers.
    /// </summary>
    public static bool TryParse(string? text, out TurnId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var session)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var turn))
        {
            return false;
        }

        id = new TurnId(session, turn);
        return true;
    }

    [GeneratedRegex(@"^[\[\(""']*D\s*:?\s*(\d{1,6})\s*:\s*(\d{1,6})[\]\)""'.]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
