using AgentMemory.Core.Extraction;

namespace AgentMemory.Core.Tests.Extraction;

public class RelativeDateResolverTests
{
    // Thursday 25 May 2023 and Monday 8 May 2023 (LoCoMo's first session), noon UTC.
    private static readonly DateTimeOffset Thursday = new(2023, 5, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);

    [Fact]
    public void Last_saturday_said_on_a_thursday_is_the_saturday_five_days_before()
    {
        Assert.Equal(new DateOnly(2023, 5, 20), RelativeDateResolver.Resolve("last Saturday", Thursday));
    }

    [Fact]
    public void Last_weekday_is_strictly_before_the_reference_even_on_the_same_weekday()
    {
        Assert.Equal(new DateOnly(2023, 5, 18), RelativeDateResolver.Resolve("last Thursday", Thursday));
    }

    [Fact]
    public void Yesterday_today_and_tomorrow_are_one_day_apart_with_day_granularity()
    {
        var found = RelativeDateResolver.FindAll("yesterday, today and tomorrow", Monday);

        Assert.Equal([new DateOnly(2023, 5, 7), new DateOnly(2023, 5, 8), new DateOnly(2023, 5, 9)], found.Select(d => d.Date));
        Assert.All(found, d => Assert.Equal(DateGranularity.Day, d.Granularity));
    }

    [Fact]
    public void Two_weeks_ago_is_fourteen_days_back_with_week_granularity()
    {
        var found = Assert.Single(RelativeDateResolver.FindAll("I saw it two weeks ago.", Thursday));

        Assert.Equal(new DateOnly(2023, 5, 11), found.Date);
        Assert.Equal(DateGranularity.Week, found.Granularity);
        Assert.Equal("two weeks ago", found.Phrase);
    }

    [Fact]
    public void Last_year_resolves_to_the_previous_year_with_year_granularity()
    {
        var found = Assert.Single(RelativeDateResolver.FindAll("last year", Thursday));

        Assert.Equal(2022, found.Date.Year);
        Assert.Equal(DateGranularity.Year, found.Granularity);
    }

    [Fact]
    public void Next_friday_said_on_a_thursday_is_the_next_day()
    {
        Assert.Equal(new DateOnly(2023, 5, 26), RelativeDateResolver.Resolve("next Friday", Thursday));
    }

    [Theory]
    [InlineData("last night", 2023, 5, 24, DateGranularity.Day)]
    [InlineData("this morning", 2023, 5, 25, DateGranularity.Day)]
    [InlineData("the day before yesterday", 2023, 5, 23, DateGranularity.Day)]
    [InlineData("last week", 2023, 5, 18, DateGranularity.Week)]
    [InlineData("next week", 2023, 6, 1, DateGranularity.Week)]
    [InlineData("last weekend", 2023, 5, 20, DateGranularity.Weekend)]
    [InlineData("this weekend", 2023, 5, 27, DateGranularity.Weekend)]
    [InlineData("two weekends ago", 2023, 5, 13, DateGranularity.Weekend)]
    [InlineData("last month", 2023, 4, 25, DateGranularity.Month)]
    [InlineData("next month", 2023, 6, 25, DateGranularity.Month)]
    [InlineData("next year", 2024, 5, 25, DateGranularity.Year)]
    [InlineData("3 days ago", 2023, 5, 22, DateGranularity.Day)]
    [InlineData("a few days ago", 2023, 5, 22, DateGranularity.Day)]
    [InlineData("a couple of months ago", 2023, 3, 25, DateGranularity.Month)]
    [InlineData("five years ago", 2018, 5, 25, DateGranularity.Year)]
    [InlineData("a week ago", 2023, 5, 18, DateGranularity.Week)]
    [InlineData("in two days", 2023, 5, 27, DateGranularity.Day)]
    [InlineData("the other day", 2023, 5, 23, DateGranularity.Week)]
    [InlineData("last Fri", 2023, 5, 19, DateGranularity.Day)]
    [InlineData("this past Sunday", 2023, 5, 21, DateGranularity.Day)]
    public void Resolves_each_supported_phrase_with_its_documented_approximation(string phrase, int year, int month, int day, DateGranularity granularity)
    {
        var found = Assert.Single(RelativeDateResolver.FindAll(phrase, Thursday));

        Assert.Equal(new DateOnly(year, month, day), found.Date);
        Assert.Equal(granularity, found.Granularity);
        Assert.Equal(phrase, found.Phrase);
    }

    [Fact]
    public void Bare_weekday_is_the_previous_one_in_past_context_and_the_next_one_in_future_context()
    {
        Assert.Equal(new DateOnly(2023, 5, 19), RelativeDateResolver.Resolve("I saw her on Friday.", Thursday));
        Assert.Equal(new DateOnly(2023, 5, 26), RelativeDateResolver.Resolve("I'll see her on Friday.", Thursday));
        Assert.Equal(new DateOnly(2023, 5, 22), RelativeDateResolver.Resolve("Monday was rough.", Thursday));
    }

    [Fact]
    public void The_future_marker_must_be_in_the_same_sentence_as_the_weekday()
    {
        var found = RelativeDateResolver.FindAll("We will talk later. I met him on Tuesday.", Thursday);

        Assert.Equal(new DateOnly(2023, 5, 23), Assert.Single(found).Date);
    }

    [Theory]
    [InlineData("Since we last talked, a lot happened.")]
    [InlineData("That was the last time I saw it.")]
    [InlineData("The last week of June is busy.")]
    [InlineData("We watched the last sun of summer.")]
    [InlineData("I sat down and the sun came out.")]
    [InlineData("Fridays are my favorite.")]
    [InlineData("The next day we left.")]
    [InlineData("")]
    public void Ignores_words_that_only_look_like_dates(string text)
    {
        Assert.Empty(RelativeDateResolver.FindAll(text, Thursday));
        Assert.Null(RelativeDateResolver.Resolve(text, Thursday));
    }

    [Fact]
    public void Reports_phrase_offsets_that_point_into_the_text()
    {
        const string text = "Yesterday I ran; last Saturday I swam.";
        var found = RelativeDateResolver.FindAll(text, Thursday);

        Assert.Equal(["Yesterday", "last Saturday"], found.Select(d => text.Substring(d.Start, d.Length)));
        Assert.Equal(["Yesterday", "last Saturday"], found.Select(d => d.Phrase));
    }

    [Fact]
    public void Uses_the_calendar_date_of_the_reference_in_its_own_offset()
    {
        // 23:30 in Los Angeles on 8 May is already 9 May in UTC; the speaker meant 7 May by "yesterday".
        var lateEvening = new DateTimeOffset(2023, 5, 8, 23, 30, 0, TimeSpan.FromHours(-7));

        Assert.Equal(new DateOnly(2023, 5, 7), RelativeDateResolver.Resolve("yesterday", lateEvening));
    }

    [Fact]
    public void Never_throws_when_a_date_would_leave_the_calendar_range()
    {
        Assert.Null(RelativeDateResolver.Resolve("yesterday", DateTimeOffset.MinValue));
        Assert.Null(RelativeDateResolver.Resolve("next year", DateTimeOffset.MaxValue));
        Assert.Null(RelativeDateResolver.Resolve("99999 years ago", Thursday));
        Assert.Null(RelativeDateResolver.Resolve("99999999999999999999 days ago", Thursday));
        Assert.Equal("99999 years ago", RelativeDateResolver.Rewrite("99999 years ago", Thursday));
    }

    [Fact]
    public void Rewrite_replaces_a_day_phrase_with_on_and_an_absolute_date()
    {
        Assert.Equal(
            "I went to a LGBTQ support group on 7 May 2023 and it was so powerful.",
            RelativeDateResolver.Rewrite("I went to a LGBTQ support group yesterday and it was so powerful.", Monday));
    }

    [Theory]
    [InlineData("Last Saturday I went hiking.", "On 20 May 2023 I went hiking.")]
    [InlineData("I went hiking last Saturday.", "I went hiking on 20 May 2023.")]
    [InlineData("I went hiking on Saturday.", "I went hiking on 20 May 2023.")]
    [InlineData("I have been sick since yesterday.", "I have been sick since 24 May 2023.")]
    [InlineData("I painted that lake last year.", "I painted that lake in 2022.")]
    [InlineData("I moved here last month.", "I moved here in April 2023.")]
    [InlineData("I started last week.", "I started the week of 18 May 2023.")]
    [InlineData("We went camping last weekend.", "We went camping the weekend of 20 May 2023.")]
    [InlineData("Yesterday's game was fun.", "The 24 May 2023 game was fun.")]
    [InlineData("It happened about five years ago.", "It happened about 2018.")]
    [InlineData("No dates here.", "No dates here.")]
    public void Rewrite_keeps_the_rest_of_the_text_and_avoids_doubled_prepositions(string input, string expected)
    {
        Assert.Equal(expected, RelativeDateResolver.Rewrite(input, Thursday));
    }

    [Fact]
    public void Absolute_text_matches_the_granularity()
    {
        Assert.Equal("20 May 2023", new ResolvedDate(new DateOnly(2023, 5, 20), DateGranularity.Day, "x", 0, 1).ToAbsoluteText());
        Assert.Equal("the week of 15 May 2023", new ResolvedDate(new DateOnly(2023, 5, 15), DateGranularity.Week, "x", 0, 1).ToAbsoluteText());
        Assert.Equal("April 2023", new ResolvedDate(new DateOnly(2023, 4, 3), DateGranularity.Month, "x", 0, 1).ToAbsoluteText());
        Assert.Equal("2022", new ResolvedDate(new DateOnly(2022, 4, 3), DateGranularity.Year, "x", 0, 1).ToAbsoluteText());
    }

    [Fact]
    public void Null_or_empty_input_is_left_alone()
    {
        Assert.Empty(RelativeDateResolver.FindAll(null!, Thursday));
        Assert.Equal(string.Empty, RelativeDateResolver.Rewrite(null!, Thursday));
        Assert.Null(RelativeDateResolver.Resolve(null!, Thursday));
    }
}
