using AgentMemory.Core;

namespace AgentMemory.Core.Tests;

public class ContextRendererTests
{
    private static readonly DateTimeOffset May8 = new(2023, 5, 8, 13, 56, 0, TimeSpan.Zero);

    private static ContextItem Item(string text, string? speaker = "Caroline") => new(text, speaker, May8, "message");

    private static string LongText(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => $"word{i}"));

    [Fact]
    public void Render_formats_one_line_per_item_with_utc_timestamp_and_speaker()
    {
        var rendered = ContextRenderer.Render([Item("I went to a LGBTQ support group yesterday.")], 1000);

        Assert.Equal("- [2023-05-08 13:56] Caroline: I went to a LGBTQ support group yesterday.", rendered.Text);
        Assert.Equal(1, rendered.IncludedCount);
        Assert.Equal(TokenEstimator.Estimate(rendered.Text), rendered.EstimatedTokens);
    }

    [Fact]
    public void Render_converts_event_times_to_utc()
    {
        var item = new ContextItem("Hi", "Mel", new DateTimeOffset(2023, 5, 8, 15, 56, 0, TimeSpan.FromHours(2)), "message");

        Assert.Equal("- [2023-05-08 13:56] Mel: Hi", ContextRenderer.Render([item], 100).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Render_omits_a_missing_speaker(string? speaker)
    {
        Assert.Equal("- [2023-05-08 13:56] Likes hiking", ContextRenderer.Render([Item("Likes hiking", speaker)], 100).Text);
    }

    [Fact]
    public void Render_joins_items_in_rank_order_with_newlines()
    {
        var rendered = ContextRenderer.Render([Item("First."), Item("Second.", "Mel")], 1000);

        Assert.Equal("- [2023-05-08 13:56] Caroline: First.\n- [2023-05-08 13:56] Mel: Second.", rendered.Text);
        Assert.Equal(2, rendered.IncludedCount);
    }

    [Fact]
    public void Render_collapses_whitespace_so_each_item_stays_on_one_line()
    {
        var rendered = ContextRenderer.Render([Item("  line one\nline two \t\r\n three ")], 100);

        Assert.Equal("- [2023-05-08 13:56] Caroline: line one line two three", rendered.Text);
    }

    [Fact]
    public void Render_skips_an_item_that_does_not_fit_and_continues_with_smaller_ones()
    {
        const string first = "- [2023-05-08 13:56] Caroline: Short one.";
        const string third = "- [2023-05-08 13:56] Caroline: Short three.";
        var budget = TokenEstimator.Estimate(first) + TokenEstimator.Estimate(third);

        var rendered = ContextRenderer.Render([Item("Short one."), Item(LongText(50)), Item("Short three.")], budget);

        Assert.Equal(first + "\n" + third, rendered.Text);
        Assert.Equal(2, rendered.IncludedCount);
        Assert.Equal(budget, rendered.EstimatedTokens);
    }

    [Fact]
    public void Render_cuts_an_oversized_first_item_at_a_word_boundary()
    {
        const int budget = 30;
        var fullLine = "- [2023-05-08 13:56] Caroline: " + LongText(40);

        var rendered = ContextRenderer.Render([Item(LongText(40))], budget);

        Assert.EndsWith("…", rendered.Text);
        var prefix = rendered.Text[..^1];
        Assert.StartsWith(prefix, fullLine);
        Assert.Equal(' ', fullLine[prefix.Length]);
        Assert.StartsWith("- [2023-05-08 13:56] Caroline: word0", rendered.Text);
        Assert.InRange(rendered.EstimatedTokens, 1, budget);
        Assert.Equal(1, rendered.IncludedCount);

        // The cut is as late as possible: one more word would not fit.
        var nextWordEnd = fullLine.IndexOf(' ', prefix.Length + 1);
        Assert.True(TokenEstimator.Estimate(fullLine[..nextWordEnd] + "…") > budget);
    }

    [Fact]
    public void Render_never_cuts_a_later_item()
    {
        var rendered = ContextRenderer.Render([Item("Fits."), Item(LongText(40))], 30);

        Assert.Equal("- [2023-05-08 13:56] Caroline: Fits.", rendered.Text);
        Assert.Equal(1, rendered.IncludedCount);
    }

    [Fact]
    public void Render_does_not_truncate_below_eight_tokens()
    {
        var rendered = ContextRenderer.Render([Item(LongText(40), speaker: null)], 7);

        Assert.Equal(string.Empty, rendered.Text);
        Assert.Equal(0, rendered.IncludedCount);
    }

    [Fact]
    public void Render_includes_nothing_when_not_even_one_word_fits_after_the_header()
    {
        // The timestamp and speaker alone cost more than 8 tokens.
        var rendered = ContextRenderer.Render([Item(LongText(40))], 8);

        Assert.Equal(string.Empty, rendered.Text);
        Assert.Equal(0, rendered.EstimatedTokens);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Render_with_no_budget_is_empty(int budget)
    {
        var rendered = ContextRenderer.Render([Item("Hi")], budget);

        Assert.Equal(new RenderedContext(string.Empty, 0, 0), rendered);
    }

    [Fact]
    public void Render_of_no_items_is_empty()
    {
        Assert.Equal(string.Empty, ContextRenderer.Render([], 100).Text);
    }

    [Fact]
    public void Render_never_exceeds_any_budget()
    {
        var random = new Random(7);
        string?[] speakers = [null, "", "Caroline", "Dr. Melanie O'Neil"];
        for (var trial = 0; trial < 500; trial++)
        {
            var items = Enumerable.Range(0, random.Next(0, 12))
                .Select(_ => new ContextItem(
                    string.Join(' ', Enumerable.Range(0, random.Next(0, 60)).Select(_ => RandomWord(random))),
                    speakers[random.Next(speakers.Length)],
                    May8.AddMinutes(random.Next(-100_000, 100_000)),
                    "message"))
                .ToList();
            var budget = random.Next(-5, 400);

            var rendered = ContextRenderer.Render(items, budget);

            Assert.Equal(TokenEstimator.Estimate(rendered.Text), rendered.EstimatedTokens);
            Assert.True(rendered.EstimatedTokens <= Math.Max(budget, 0), $"budget {budget}, used {rendered.EstimatedTokens}");
            var lines = rendered.Text.Length == 0 ? [] : rendered.Text.Split('\n');
            Assert.Equal(lines.Length, rendered.IncludedCount);
            Assert.All(lines, line => Assert.StartsWith("- [", line));
        }
    }

    private static string RandomWord(Random random)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz,.!'-";
        return new string([.. Enumerable.Range(0, random.Next(1, 14)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
    }
}
