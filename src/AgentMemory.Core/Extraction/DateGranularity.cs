namespace AgentMemory.Core.Extraction;

/// <summary>
/// How precisely a <see cref="ResolvedDate"/> pins down when something happened, from finest to coarsest.
/// </summary>
/// <remarks>
/// Relative expressions differ wildly in precision ("yesterday" names one day, "last month" a whole month), and
/// the write path stores a single <see cref="DateOnly"/> as a fact's valid-from. Carrying the granularity next to
/// the date lets consumers compare dates honestly (two facts "in April 2023" are not known to be the same day)
/// and lets <see cref="RelativeDateResolver.Rewrite"/> render no more precision than the speaker gave.
/// </remarks>
public enum DateGranularity
{
    /// <summary>A single calendar day ("yesterday", "last Saturday").</summary>
    Day = 0,

    /// <summary>
    /// A Saturday–Sunday pair; the date is the Saturday. Kept apart from <see cref="Week"/> because "last weekend"
    /// is one of the commonest relative expressions in chat and "the week of …" would misstate it.
    /// </summary>
    Weekend = 1,

    /// <summary>About a week ("last week", "two weeks ago", "the other day"); the date is an anchor inside it.</summary>
    Week = 2,

    /// <summary>A calendar month ("last month", "three months ago"); only year and month are meaningful.</summary>
    Month = 3,

    /// <summary>A calendar year ("last year", "five years ago"); only the year is meaningful.</summary>
    Year = 4,
}
