using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace AgentMemory.Core.Extraction;

/// <summary>
/// Finds relative date expressions ("yesterday", "last Saturday", "two weeks ago") in conversational text and
/// resolves them against the time the text was said.
/// </summary>
/// <remarks>
/// <para>
/// A fact stored as "Caroline went to a support group yesterday" is wrong the day after it is stored; resolving
/// the date at write time, against the episode's event time, keeps it true forever and lets temporal questions
/// ("when did Caroline go to the support group?") be answered from the fact alone. The reference date is the
/// calendar date of <c>reference</c> in its own offset: the speaker's clock, not the server's.
/// </para>
/// <para>
/// Decisions and approximations (each is a guess a human reader might make differently; granularity records how
/// much of the date to trust):
/// <list type="bullet">
/// <item>"today", "tonight", "this morning/afternoon/evening" → the reference day; "yesterday" and "last night" → the
/// day before; "tomorrow" → the day after; "the day before yesterday"/"the day after tomorrow" → ∓2 days.</item>
/// <item>"last &lt;weekday&gt;" and "this past &lt;weekday&gt;" → the most recent such weekday strictly before the
/// reference day ("last Saturday" on Thursday 25 May 2023 → 20 May 2023). "next &lt;weekday&gt;" → the first one
/// strictly after (symmetric with "last"; "next Friday" on Thursday 25 May 2023 → 26 May 2023, although some
/// speakers would mean 2 June).</item>
/// <item>"on &lt;weekday&gt;" and a bare "&lt;weekday&gt;" → the most recent one strictly before, unless the sentence
/// has a future marker (will, 'll, gonna, going to, plan, next, tomorrow, …), then the first one strictly after.
/// Conversations mostly recount what happened, so past is the default. "this &lt;weekday&gt;" defaults the other way:
/// the coming one (today included), unless the sentence is plainly past tense (was, were, went, did, had and no
/// future marker), then the most recent one strictly before. Weekday abbreviations (Fri, Sat, …) count only after
/// last/next/this and only capitalized, since "sat" and "sun" are ordinary words.</item>
/// <item>"this weekend" → the current weekend (yesterday's Saturday on a Sunday, else the coming Saturday);
/// "last weekend" → the latest weekend that ended before the reference day; "next weekend" → the first Saturday
/// strictly after; "N weekends ago" → last weekend minus N−1 weeks. Granularity <see cref="DateGranularity.Weekend"/>,
/// date = the Saturday.</item>
/// <item>"last week" → 7 days before, "this week" → the reference day, "next week" → 7 days after, "N weeks ago" →
/// 7·N days before: week granularity, the date is an anchor inside the week, not its Monday.</item>
/// <item>"last/this/next month|year" and "N months/years ago" → the reference shifted by whole months/years
/// (day clamped), with month or year granularity.</item>
/// <item>"N days ago" → N days before, day granularity. Counts are digits or words (one…twelve, fifteen, twenty,
/// "a"/"an" = 1); "a few", "few" and "several" count as 3 and "a couple (of)" as 2 — approximations kept at the
/// unit's granularity. "in N &lt;unit&gt;" and "N &lt;unit&gt; from now" resolve forward.</item>
/// <item>"the other day" → 2 days before with week granularity: the speaker means "recently", so a day would
/// overstate the precision.</item>
/// <item>Not resolved (left as written): seasons ("last summer"), "recently", "a while ago", durations such as
/// "the past year" or "the last week of June", and "the next day", which is relative to another event.</item>
/// </list>
/// </para>
/// </remarks>
public static class RelativeDateResolver
{
    private static readonly FrozenDictionary<string, DayOfWeek> FullWeekdays = new Dictionary<string, DayOfWeek>
    {
        ["monday"] = DayOfWeek.Monday,
        ["tuesday"] = DayOfWeek.Tuesday,
        ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday,
        ["friday"] = DayOfWeek.Friday,
        ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, DayOfWeek> AbbreviatedWeekdays = new Dictionary<string, DayOfWeek>
    {
        ["mon"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday,
        ["tues"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday,
        ["thur"] = DayOfWeek.Thursday,
        ["thurs"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> NumberWords = new Dictionary<string, int>
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12,
        ["fifteen"] = 15, ["twenty"] = 20, ["few"] = 3, ["several"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> PartsOfDay =
        FrozenSet.Create(StringComparer.Ordinal, "morning", "afternoon", "evening", "night");

    private static readonly FrozenSet<string> FutureMarkers = FrozenSet.Create(
        StringComparer.Ordinal,
        "will", "shall", "gonna", "wanna", "plan", "plans", "planning", "upcoming", "tomorrow", "next", "hope", "hoping");

    // Words after which Rewrite drops its own "on"/"in" so "since yesterday" reads "since 7 May 2023".
    private static readonly FrozenSet<string> PrepositionLike = FrozenSet.Create(
        StringComparer.Ordinal,
        "on", "in", "since", "until", "till", "by", "from", "before", "after", "of", "to", "at", "for", "during",
        "between", "through", "around", "about", "roughly", "approximately", "nearly", "almost", "over", "just",
        "only", "circa", "like", "the");

    private const int MaxCount = 100_000;

    /// <summary>
    /// Resolves the first relative date expression in <paramref name="phrase"/> ("last Saturday", "2 weeks ago"),
    /// or null when there is none. Never throws.
    /// </summary>
    public static DateOnly? Resolve(string phrase, DateTimeOffset reference)
    {
        var found = FindAll(phrase, reference);
        return found.Count > 0 ? found[0].Date : null;
    }

    /// <summary>
    /// Every relative date expression in <paramref name="text"/>, left to right, non-overlapping, resolved against
    /// <paramref name="reference"/>. Expressions whose date would fall outside <see cref="DateOnly"/>'s range are
    /// skipped. Never throws; null or empty text gives an empty list.
    /// </summary>
    public static IReadOnlyList<ResolvedDate> FindAll(string text, DateTimeOffset reference)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var scan = new Scan(text, DateOnly.FromDateTime(reference.DateTime));
        List<ResolvedDate>? results = null;
        for (var i = 0; i < scan.Count;)
        {
            if (scan.TryMatch(i, out var last, out var date, out var granularity))
            {
                var start = scan.Tokens[i].Start;
                var end = scan.Tokens[last].End;
                (results ??= []).Add(new ResolvedDate(date, granularity, text[start..end], start, end - start));
                i = last + 1;
            }
            else
            {
                i++;
            }
        }

        return results ?? (IReadOnlyList<ResolvedDate>)[];
    }

    /// <summary>
    /// Replaces each relative date expression in <paramref name="text"/> by an absolute one and keeps the rest of
    /// the text as it is: day → "on 20 May 2023", weekend → "the weekend of 20 May 2023", week → "the week of
    /// 15 May 2023", month → "in April 2023", year → "in 2022".
    /// </summary>
    /// <remarks>
    /// The leading "on"/"in" is dropped when the text already has a preposition-like word before the expression
    /// ("since yesterday" → "since 7 May 2023", "on Friday" is replaced as a whole), a possessive becomes an
    /// attributive ("yesterday's game" → "the 7 May 2023 game"), and a capitalized expression yields a capitalized
    /// replacement ("Yesterday I …" → "On 7 May 2023 I …").
    /// </remarks>
    public static string Rewrite(string text, DateTimeOffset reference)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var found = FindAll(text, reference);
        if (found.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + (24 * found.Count));
        var position = 0;
        foreach (var date in found)
        {
            builder.Append(text, position, date.Start - position);
            var replacement = Render(date, PreviousWord(text, date.Start));
            if (char.IsUpper(text[date.Start]) && replacement.Length > 0 && char.IsLower(replacement[0]))
            {
                builder.Append(char.ToUpperInvariant(replacement[0])).Append(replacement, 1, replacement.Length - 1);
            }
            else
            {
                builder.Append(replacement);
            }

            position = date.Start + date.Length;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static string Render(ResolvedDate date, string previousWord)
    {
        var absolute = date.ToAbsoluteText();
        var possessive = date.Phrase.Length > 2
            && (date.Phrase.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || date.Phrase.EndsWith("\u2019s", StringComparison.OrdinalIgnoreCase));
        var startsWithOwnPreposition = date.Phrase.StartsWith("on ", StringComparison.OrdinalIgnoreCase)
            || date.Phrase.StartsWith("in ", StringComparison.OrdinalIgnoreCase);
        if (possessive)
        {
            return date.Granularity is DateGranularity.Week or DateGranularity.Weekend ? absolute + "'s" : "the " + absolute;
        }

        if (!startsWithOwnPreposition && PrepositionLike.Contains(previousWord))
        {
            return absolute;
        }

        return date.Granularity switch
        {
            DateGranularity.Day => "on " + absolute,
            DateGranularity.Month or DateGranularity.Year => "in " + absolute,
            _ => absolute,
        };
    }

    /// <summary>The lowercase word right before <paramref name="offset"/> (across spaces only), or "".</summary>
    private static string PreviousWord(string text, int offset)
    {
        var end = offset;
        while (end > 0 && text[end - 1] is ' ' or '\t' or '\u00A0')
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsLetter(text[start - 1]))
        {
            start--;
        }

        return start == end ? string.Empty : text[start..end].ToLowerInvariant();
    }

    /// <summary>The tokens of one text plus the matching logic; a value per call, so the resolver stays stateless.</summary>
    private sealed class Scan
    {
        private readonly string text;
        private readonly string[] bases;
        private readonly bool[] possessive;
        private readonly DateOnly today;

        public Scan(string text, DateOnly today)
        {
            this.text = text;
            this.today = today;
            Tokens = WordScanner.Scan(text);
            bases = new string[Tokens.Count];
            possessive = new bool[Tokens.Count];
            for (var k = 0; k < Tokens.Count; k++)
            {
                var word = WordScanner.Normalize(text, Tokens[k]);
                if (word.Length > 2 && word.EndsWith("'s", StringComparison.Ordinal))
                {
                    possessive[k] = true;
                    word = word[..^2];
                }

                bases[k] = word;
            }
        }

        public List<WordToken> Tokens { get; }

        public int Count => Tokens.Count;

        /// <summary>Tries to match an expression starting at token <paramref name="i"/>; <paramref name="last"/> is its final token.</summary>
        public bool TryMatch(int i, out int last, out DateOnly date, out DateGranularity granularity)
        {
            last = i;
            date = default;
            granularity = DateGranularity.Day;
            var word = bases[i];
            switch (word)
            {
                case "yesterday":
                    last = Continues(i) && PartsOfDay.Contains(W(i + 1)) ? i + 1 : i;
                    return Days(-1, ref date);
                case "today" or "tonight":
                    return Days(0, ref date);
                case "tomorrow":
                    last = Continues(i) && PartsOfDay.Contains(W(i + 1)) ? i + 1 : i;
                    return Days(1, ref date);
                case "the":
                    return MatchThe(i, ref last, ref date, ref granularity);
                case "earlier" or "later":
                    if (Continues(i) && W(i + 1) == "this" && Continues(i + 1) && TryPeriod(W(i + 2), out granularity) && !FollowedByOf(i + 2))
                    {
                        last = i + 2;
                        date = today;
                        return true;
                    }

                    return false;
                case "last":
                    return MatchLast(i, ref last, ref date, ref granularity);
                case "this":
                    return MatchThis(i, ref last, ref date, ref granularity);
                case "next":
                    return MatchNext(i, ref last, ref date, ref granularity);
                case "on":
                    if (!possessive[i] && Continues(i) && FullWeekdays.TryGetValue(W(i + 1), out var onDay))
                    {
                        last = i + 1;
                        return Shift(IsFutureContext(i) ? DaysUntil(onDay, strict: true) : -DaysSince(onDay), ref date);
                    }

                    return false;
                case "in":
                    if (Continues(i) && TryReadCount(i + 1, out var inCount, out var inUnit)
                        && TryUnit(W(inUnit), out var inGranularity) && !(Continues(inUnit) && W(inUnit + 1) == "ago"))
                    {
                        last = inUnit;
                        granularity = inGranularity;
                        return Offset(inCount, inGranularity, ref date);
                    }

                    return false;
                default:
                    break;
            }

            if (FullWeekdays.TryGetValue(word, out var bare))
            {
                return Shift(IsFutureContext(i) ? DaysUntil(bare, strict: true) : -DaysSince(bare), ref date);
            }

            // "<count> <unit> ago" / "<count> <unit> from now".
            if (TryReadCount(i, out var count, out var unit) && TryUnit(W(unit), out var unitGranularity) && Continues(unit))
            {
                if (W(unit + 1) == "ago")
                {
                    last = unit + 1;
                    granularity = unitGranularity;
                    return Offset(-count, unitGranularity, ref date);
                }

                if (W(unit + 1) == "from" && Continues(unit + 1) && W(unit + 2) == "now")
                {
                    last = unit + 2;
                    granularity = unitGranularity;
                    return Offset(count, unitGranularity, ref date);
                }
            }

            return false;
        }

        private bool MatchThe(int i, ref int last, ref DateOnly date, ref DateGranularity granularity)
        {
            if (!Continues(i))
            {
                return false;
            }

            var next = W(i + 1);
            if (next == "other" && Continues(i + 1) && W(i + 2) == "day")
            {
                last = i + 2;
                granularity = DateGranularity.Week;
                return Days(-2, ref date);
            }

            if (next == "day" && Continues(i + 1) && Continues(i + 2))
            {
                if (W(i + 2) == "before" && W(i + 3) == "yesterday")
                {
                    last = i + 3;
                    return Days(-2, ref date);
                }

                if (W(i + 2) == "after" && W(i + 3) == "tomorrow")
                {
                    last = i + 3;
                    return Days(2, ref date);
                }
            }

            // "the last week" / "the past week" reads as "last week"; longer periods ("the past year") are durations.
            if (next is "last" or "past" && Continues(i + 1) && W(i + 2) == "week" && !FollowedByOf(i + 2))
            {
                last = i + 2;
                granularity = DateGranularity.Week;
                return Days(-7, ref date);
            }

            return false;
        }

        private bool MatchLast(int i, ref int last, ref DateOnly date, ref DateGranularity granularity)
        {
            if (!Continues(i))
            {
                return false;
            }

            if (TryWeekday(i + 1, allowAbbreviation: true, out var day))
            {
                last = i + 1;
                return Shift(-DaysSince(day), ref date);
            }

            var next = W(i + 1);
            if (next == "night")
            {
                last = i + 1;
                return Days(-1, ref date);
            }

            if (FollowedByOf(i + 1) || !TryPeriod(next, out granularity))
            {
                return false;
            }

            last = i + 1;
            return granularity switch
            {
                DateGranularity.Weekend => Set(LastWeekend(), ref date),
                DateGranularity.Week => Days(-7, ref date),
                _ => Offset(-1, granularity, ref date),
            };
        }

        private bool MatchThis(int i, ref int last, ref DateOnly date, ref DateGranularity granularity)
        {
            if (!Continues(i))
            {
                return false;
            }

            var next = W(i + 1);
            if (next is "morning" or "afternoon" or "evening")
            {
                last = i + 1;
                return Days(0, ref date);
            }

            if (next == "past" && Continues(i + 1))
            {
                if (TryWeekday(i + 2, allowAbbreviation: true, out var pastDay))
                {
                    last = i + 2;
                    return Shift(-DaysSince(pastDay), ref date);
                }

                if (W(i + 2) is "weekend" or "week" && !FollowedByOf(i + 2))
                {
                    last = i + 2;
                    granularity = W(i + 2) == "weekend" ? DateGranularity.Weekend : DateGranularity.Week;
                    return granularity == DateGranularity.Weekend ? Set(LastWeekend(), ref date) : Days(-7, ref date);
                }

                return false;
            }

            if (TryWeekday(i + 1, allowAbbreviation: true, out var day))
            {
                last = i + 1;
                return Shift(IsPastOnlyContext(i) ? -DaysSince(day) : DaysUntil(day, strict: false), ref date);
            }

            if (FollowedByOf(i + 1) || !TryPeriod(next, out granularity))
            {
                return false;
            }

            last = i + 1;
            return granularity == DateGranularity.Weekend ? Set(ThisWeekend(), ref date) : Days(0, ref date);
        }

        private bool MatchNext(int i, ref int last, ref DateOnly date, ref DateGranularity granularity)
        {
            if (!Continues(i) || PrecededBy(i, "the"))
            {
                return false;
            }

            if (TryWeekday(i + 1, allowAbbreviation: true, out var day))
            {
                last = i + 1;
                return Shift(DaysUntil(day, strict: true), ref date);
            }

            if (FollowedByOf(i + 1) || !TryPeriod(W(i + 1), out granularity))
            {
                return false;
            }

            last = i + 1;
            return granularity switch
            {
                DateGranularity.Weekend => Shift(DaysUntil(DayOfWeek.Saturday, strict: true), ref date),
                DateGranularity.Week => Days(7, ref date),
                _ => Offset(1, granularity, ref date),
            };
        }

        private string W(int k) => k >= 0 && k < bases.Length ? bases[k] : string.Empty;

        /// <summary>Token <paramref name="k"/> is followed, across spaces only, by another token, and is not possessive.</summary>
        private bool Continues(int k) =>
            k + 1 < Tokens.Count && !possessive[k] && WordScanner.Adjacent(text, Tokens[k], Tokens[k + 1]);

        private bool PrecededBy(int k, string word) =>
            k > 0 && bases[k - 1] == word && !possessive[k - 1] && WordScanner.Adjacent(text, Tokens[k - 1], Tokens[k]);

        private bool FollowedByOf(int k) => Continues(k) && W(k + 1) == "of";

        private bool TryWeekday(int k, bool allowAbbreviation, out DayOfWeek day)
        {
            var word = W(k);
            if (FullWeekdays.TryGetValue(word, out day))
            {
                return true;
            }

            return allowAbbreviation && k < Tokens.Count && char.IsUpper(text[Tokens[k].Start])
                && AbbreviatedWeekdays.TryGetValue(word, out day);
        }

        private static bool TryPeriod(string word, out DateGranularity granularity)
        {
            granularity = word switch
            {
                "weekend" => DateGranularity.Weekend,
                "week" => DateGranularity.Week,
                "month" => DateGranularity.Month,
                "year" => DateGranularity.Year,
                _ => DateGranularity.Day,
            };
            return granularity != DateGranularity.Day;
        }

        private static bool TryUnit(string word, out DateGranularity granularity)
        {
            if (word is "day" or "days")
            {
                granularity = DateGranularity.Day;
                return true;
            }

            return TryPeriod(word.EndsWith('s') ? word[..^1] : word, out granularity);
        }

        /// <summary>Reads a count ("3", "two", "a", "a few", "a couple of") at <paramref name="k"/>; <paramref name="unit"/> is the next token.</summary>
        private bool TryReadCount(int k, out int count, out int unit)
        {
            count = 0;
            unit = k + 1;
            var word = W(k);
            if (word.Length == 0 || !Continues(k))
            {
                return false;
            }

            if (char.IsAsciiDigit(word[0]))
            {
                return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is > 0 and <= MaxCount;
            }

            if (word is "a" or "an")
            {
                var next = W(k + 1);
                if (next == "few" && Continues(k + 1))
                {
                    count = 3;
                    unit = k + 2;
                    return true;
                }

                if (next == "couple" && Continues(k + 1))
                {
                    count = 2;
                    unit = W(k + 2) == "of" && Continues(k + 2) ? k + 3 : k + 2;
                    return true;
                }

                count = 1;
                return true;
            }

            if (word == "couple" && W(k + 1) == "of" && Continues(k + 1))
            {
                count = 2;
                unit = k + 2;
                return true;
            }

            return NumberWords.TryGetValue(word, out count);
        }

        /// <summary>
        /// Whether the sentence around token <paramref name="k"/> talks about the future: a future marker word, a
        /// "'ll" contraction, or "going to" not preceded by was/were.
        /// </summary>
        private bool IsFutureContext(int k)
        {
            var (first, last) = SentenceTokens(k);
            for (var j = first; j <= last; j++)
            {
                var word = bases[j];
                if (FutureMarkers.Contains(word) || word.EndsWith("'ll", StringComparison.Ordinal))
                {
                    return true;
                }

                if (word == "going" && W(j + 1) == "to" && W(j - 1) is not ("was" or "were"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the sentence is clearly past tense (was/were/went/did/had) with no future marker.</summary>
        private bool IsPastOnlyContext(int k)
        {
            if (IsFutureContext(k))
            {
                return false;
            }

            var (first, last) = SentenceTokens(k);
            for (var j = first; j <= last; j++)
            {
                if (bases[j] is "was" or "were" or "went" or "did" or "had")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first and last token indexes of the sentence containing token <paramref name="k"/>.</summary>
        private (int First, int Last) SentenceTokens(int k)
        {
            var first = k;
            while (first > 0 && !HasSentenceBreak(Tokens[first - 1].End, Tokens[first].Start))
            {
                first--;
            }

            var last = k;
            while (last + 1 < Tokens.Count && !HasSentenceBreak(Tokens[last].End, Tokens[last + 1].Start))
            {
                last++;
            }

            return (first, last);
        }

        private bool HasSentenceBreak(int from, int to)
        {
            for (var c = from; c < to; c++)
            {
                if (text[c] is '.' or '!' or '?' or '\n')
                {
                    return true;
                }
            }

            return false;
        }

        private int DaysSince(DayOfWeek day)
        {
            var delta = ((int)today.DayOfWeek - (int)day + 7) % 7;
            return delta == 0 ? 7 : delta;
        }

        private int DaysUntil(DayOfWeek day, bool strict)
        {
            var delta = ((int)day - (int)today.DayOfWeek + 7) % 7;
            return delta == 0 && strict ? 7 : delta;
        }

        private DateOnly? ThisWeekend() =>
            today.DayOfWeek == DayOfWeek.Sunday ? TryAddDays(today, -1) : TryAddDays(today, DaysUntil(DayOfWeek.Saturday, strict: false));

        private DateOnly? LastWeekend()
        {
            // The Saturday of the latest weekend whose Sunday is strictly before today.
            var back = ((int)today.DayOfWeek + 1) % 7;
            if (back <= 1)
            {
                back += 7;
            }

            return TryAddDays(today, -back);
        }

        private bool Days(int days, ref DateOnly date) => Shift(days, ref date);

        private bool Shift(int days, ref DateOnly date) => Set(TryAddDays(today, days), ref date);

        private static bool Set(DateOnly? value, ref DateOnly date)
        {
            if (value is { } v)
            {
                date = v;
                return true;
            }

            return false;
        }

        /// <summary>Shifts today by <paramref name="count"/> units of <paramref name="granularity"/>.</summary>
        private bool Offset(int count, DateGranularity granularity, ref DateOnly date)
        {
            switch (granularity)
            {
                case DateGranularity.Day:
                    return Shift(count, ref date);
                case DateGranularity.Week:
                    return Set(TryAddDays(today, 7L * count), ref date);
                case DateGranularity.Weekend:
                    var anchor = count < 0 ? LastWeekend() : TryAddDays(today, DaysUntil(DayOfWeek.Saturday, strict: true));
                    var extraWeeks = Math.Abs((long)count) - 1;
                    return anchor is { } a && Set(TryAddDays(a, 7 * extraWeeks * Math.Sign(count)), ref date);
                case DateGranularity.Month:
                    return Set(TryAddMonths(today, count), ref date);
                default:
                    return Set(TryAddMonths(today, 12L * count), ref date);
            }
        }

        private static DateOnly? TryAddDays(DateOnly date, long days)
        {
            var target = date.DayNumber + days;
            return target >= DateOnly.MinValue.DayNumber && target <= DateOnly.MaxValue.DayNumber
                ? DateOnly.FromDayNumber((int)target)
                : null;
        }

        private static DateOnly? TryAddMonths(DateOnly date, long months)
        {
            var index = ((date.Year - 1L) * 12) + (date.Month - 1) + months;
            return index >= 0 && index < 9999L * 12 ? date.AddMonths((int)months) : null;
        }
    }
}
