using System.Globalization;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// One relative date expression found in a text and the absolute date it stands for.
/// </summary>
/// <param name="Date">
/// The resolved date: the reference date shifted by the expression's offset. Only the part that
/// <paramref name="Granularity"/> allows is meaningful (the month of a <see cref="DateGranularity.Month"/> date, …).
/// </param>
/// <param name="Granularity">How precise the speaker was.</param>
/// <param name="Phrase">The expression exactly as it appears in the text (including a possessive "'s").</param>
/// <param name="Start">Character offset of <paramref name="Phrase"/> in the searched text.</param>
/// <param name="Length">Character length of <paramref name="Phrase"/> in the searched text.</param>
/// <remarks>
/// Offsets are returned (not just the date) so callers can rewrite the text in place without searching again,
/// which is what <see cref="RelativeDateResolver.Rewrite"/> does.
/// </remarks>
public sealed record ResolvedDate(DateOnly Date, DateGranularity Granularity, string Phrase, int Start, int Length)
{
    /// <summary>
    /// The absolute wording of this date without a leading preposition: "20 May 2023", "the weekend of 20 May 2023",
    /// "the week of 15 May 2023", "April 2023" or "2022".
    /// </summary>
    /// <remarks>
    /// Day-month-year with the month spelled out is unambiguous across locales (unlike 05/07/2023) and is the form
    /// LoCoMo's own answers use, so lexical recall on a rewritten fact matches a question phrased the same way.
    /// </remarks>
    public string ToAbsoluteText() => Granularity switch
    {
        DateGranularity.Day => FormatDay(Date),
        DateGranularity.Weekend => "the weekend of " + FormatDay(Date),
        DateGranularity.Week => "the week of " + FormatDay(Date),
        DateGranularity.Month => Date.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        _ => Date.ToString("yyyy", CultureInfo.InvariantCulture),
    };

    /// <summary>Formats a day as "7 May 2023" (invariant culture, no leading zero).</summary>
    internal static string FormatDay(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
